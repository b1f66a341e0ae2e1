export { default } from '../../core/bench/core-kernels.ts';
