/** FDTD/FDFD reference solvers public API (SI units throughout). */
export { C0, EPS0, MU0, ETA0, FdtdConfigError } from './constants.ts';
export { courantLimit, checkedTimeStep } from './courant.ts';
export { pmlProfile, type PmlOptions, type PmlProfile } from './cpml.ts';
export { gaussianPulse, gaussianForBand, modulatedGaussian, continuousWave, type WaveformFn } from './waveforms.ts';
export { dftMonitor, type DftState, type DftFns } from './dft.ts';
export { besselJY, type BesselTable } from './bessel.ts';
export { fdtd1d, type Fdtd1D, type Fdtd1DConfig, type Fdtd1DState, type Medium1D, type Source1D } from './fdtd1d.ts';
export { fdtd2d, type Fdtd2D, type Fdtd2DConfig, type Fdtd2DState, type Medium2D, type PointSource2D, type PlaneWave2D, type Polarization2D } from './fdtd2d.ts';
export { ntff2dMonitor, echoWidth, type Ntff2DMonitor, type Ntff2DState } from './ntff2d.ts';
export { slabFdtd, slabAnalytic, type SlabOptions, type SlabResult } from './validation/slab.ts';
export { mie2dFdtd, cylinderMedium, type Mie2DOptions, type Mie2DResult } from './validation/mie2d.ts';
export { mie2dEchoWidth, type CylinderSpec } from './validation/mie2dSeries.ts';
export { fdtd3d, type Fdtd3D, type Fdtd3DConfig, type Fdtd3DState, type Medium3D, type CurrentSource3D, type LumpedPort3D, type Pml3DOptions, type EComponent } from './fdtd3d.ts';
export { dftPower, findPeak, findPeaks } from './spectrum.ts';
export { cavityFdtd, cavityModes, type CavityOptions, type CavityMode } from './validation/cavity.ts';
export { waveguideFdtd, type WaveguideOptions, type WaveguideResult, type WaveguideRow } from './validation/waveguide.ts';
export { portMonitor, sParameters, magnitudeDb, type PortMonitor, type PortMonitorState, type SParameterResult, type Complex } from './sparams.ts';
export { formatTouchstone, writeAtomic } from './touchstone.ts';
