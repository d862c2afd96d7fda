/**
 * Use cases of the infrastructure layer: the public, paged search of points and one point by
 * id (the REST route and the OGC collection). Writes come from the importers only
 * (`infrastructure.import-writer.ts`).
 */
import type { Knex } from 'knex';
import { NotFoundError } from '../../shared/errors.ts';
import { parseInput } from '../../shared/validation.ts';
import { uuidSchema } from '../sites/sites.schemas.ts';
import {
  type InfrastructureCollection,
  type InfrastructureFeature,
  infrastructureQuerySchema,
} from './infrastructure.schemas.ts';
import { getInfrastructure, listInfrastructure } from './infrastructure.store.pg.ts';

export class InfrastructureService {
  constructor(private readonly knex: Knex) {}

  /**
   * One page of points matching the query string's filters (kinds, bbox, minimum voltage).
   * @example await service.list({ kind: 'port', limit: '10' }) // { type: 'FeatureCollection', numberMatched, … }
   */
  async list(rawQuery: unknown): Promise<InfrastructureCollection> {
    const { features, numberMatched } = await this.page(rawQuery);
    return { type: 'FeatureCollection', numberMatched, numberReturned: features.length, features };
  }

  /** One page in the store's own shape (the OGC collection wraps it in its own document). */
  page(rawQuery: unknown) {
    return listInfrastructure(this.knex, parseInput(infrastructureQuerySchema, rawQuery, 'query'));
  }

  /** One point by id; 400 for a malformed id, 404 when there is none. */
  async get(rawId: string): Promise<InfrastructureFeature> {
    const id = parseInput(uuidSchema, rawId, 'feature id', 'featureId');
    const feature = await getInfrastructure(this.knex, id);
    if (!feature) throw new NotFoundError(`No infrastructure feature ${id}.`);
    return feature;
  }
}
