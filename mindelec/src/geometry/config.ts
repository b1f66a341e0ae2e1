/**
 * Per-part sampling configuration, after MindElec's `SamplingConfig` / `create_config_from_edict`:
 * a geometry is sampled as 'domain' (interior), 'BC' (boundary, optionally with normals), 'IC'
 * (initial time slice of a space-time geometry) or 'time' (the time axis alone), each with its own size,
 * sampler and seed.
 *
 * `randomSampling: false` means a grid (sampler 'grid'), as in MindElec.
 */
import type { Geometry, SampleOptions } from './geometry.ts';
import { SAMPLERS, type SamplerName } from './sequences.ts';
import { SpaceTime } from './spacetime.ts';

export interface PartSamplingConfig {
  /** Number of points (grid: about this many). */
  size: number;
  /** Default true; false selects a grid. */
  randomSampling?: boolean;
  /** Default 'uniform'. */
  sampler?: SamplerName;
  /** Boundary parts: also return outward normals (default true for BC). */
  withNormal?: boolean;
  seed?: number;
}

export type SamplingPart = 'domain' | 'BC' | 'IC' | 'time';

export type SamplingConfig = Partial<Record<SamplingPart, PartSamplingConfig>>;

export interface PartSamples {
  part: SamplingPart;
  /** [n, dim] points. */
  points: Float64Array;
  /** [n, dim] outward normals (BC with withNormal). */
  normals?: Float64Array;
  dim: number;
  count: number;
}

/** Validates a sampling config object (e.g. parsed from JSON), with errors naming the field. */
export function parseSamplingConfig(value: unknown, where = 'sampling'): SamplingConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${where}: expected an object with parts domain/BC/IC/time, got ${JSON.stringify(value)}`);
  const out: SamplingConfig = {};
  for (const [key, part] of Object.entries(value as Record<string, unknown>)) {
    if (!['domain', 'BC', 'IC', 'time'].includes(key)) throw new Error(`${where}.${key}: unknown part, expected domain, BC, IC or time`);
    const p = part as Record<string, unknown>;
    if (typeof p !== 'object' || p === null) throw new Error(`${where}.${key}: expected an object, got ${JSON.stringify(part)}`);
    const size = p['size'];
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) throw new Error(`${where}.${key}.size: expected a non-negative integer, got ${JSON.stringify(size)}`);
    const sampler = p['sampler'] ?? 'uniform';
    if (typeof sampler !== 'string' || !SAMPLERS.includes(sampler as SamplerName)) throw new Error(`${where}.${key}.sampler: expected one of ${SAMPLERS.join(', ')}, got ${JSON.stringify(sampler)}`);
    for (const flag of ['randomSampling', 'withNormal'] as const) {
      if (p[flag] !== undefined && typeof p[flag] !== 'boolean') throw new Error(`${where}.${key}.${flag}: expected a boolean, got ${JSON.stringify(p[flag])}`);
    }
    if (p['seed'] !== undefined && (typeof p['seed'] !== 'number' || !Number.isFinite(p['seed']))) throw new Error(`${where}.${key}.seed: expected a finite number, got ${JSON.stringify(p['seed'])}`);
    out[key as SamplingPart] = {
      size, sampler: sampler as SamplerName,
      randomSampling: p['randomSampling'] as boolean | undefined,
      withNormal: p['withNormal'] as boolean | undefined,
      seed: p['seed'] as number | undefined,
    };
  }
  return out;
}

/** Samples one part of a geometry as configured. */
export function sampleGeometry(geometry: Geometry, config: SamplingConfig, part: SamplingPart): PartSamples {
  const c = config[part];
  if (!c) throw new Error(`sampleGeometry: '${geometry.name}' has no sampling config for part '${part}'`);
  const options: SampleOptions = { sampler: c.randomSampling === false ? 'grid' : (c.sampler ?? 'uniform'), seed: c.seed ?? 0 };
  const pack = (points: Float64Array, dim: number, normals?: Float64Array): PartSamples => ({ part, points, normals, dim, count: points.length / dim });
  switch (part) {
    case 'domain': return pack(geometry.sampleInterior(c.size, options), geometry.dim);
    case 'BC': {
      const s = geometry.sampleBoundary(c.size, options);
      return pack(s.points, geometry.dim, c.withNormal === false ? undefined : s.normals);
    }
    case 'IC':
      if (!(geometry instanceof SpaceTime)) throw new Error(`sampleGeometry: part 'IC' needs a space-time geometry, '${geometry.name}' is not`);
      return pack(geometry.sampleInitial(c.size, options), geometry.dim);
    case 'time':
      if (!(geometry instanceof SpaceTime)) throw new Error(`sampleGeometry: part 'time' needs a space-time geometry, '${geometry.name}' is not`);
      return pack(geometry.time.sampleInterior(c.size, options), 1);
  }
}
