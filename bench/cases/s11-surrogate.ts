export { default } from '../../mindelec/src/ai/bench/s11Surrogate.bench.ts';
