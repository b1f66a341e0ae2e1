// %% [markdown]
// # Autodiff tour (harness check)
// %%
import * as tslab from 'tslab';
import { linePlot } from '@mindscience/viz';
const x = Array.from({ length: 50 }, (_, i) => i / 10);
tslab.display.html(linePlot([{ label: 'sin', x, y: x.map(Math.sin) }], { title: 'sin' }));
