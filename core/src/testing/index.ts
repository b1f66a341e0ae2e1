/** Test utilities: gradient checking and closeness. */
export { checkGrads, allClose, GradCheckError, type CheckGradsOptions, type GradCheckReport, type GradMode } from './checkGrads.ts';
