// worker_threads bootstrap: workers do not inherit tsx's module hooks, so register them here, then load
// the TypeScript worker (the package runs from .ts sources).
import { register } from 'tsx/esm/api';
register();
await import('./worker.ts');
