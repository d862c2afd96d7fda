/**
 * Use cases of the infrastructure layer: the public, paged search of points. Writes come
 * from the importers only (`infrastructure.import-writer.ts`).
 */
import type { Knex } from 'knex';
import { parseInput } from '../../shared/validation.ts';
import { type InfrastructureCollection, infrastructureQuerySchema } from './infrastructure.schemas.ts';
import { listInfrastructure } from './infrastructure.store.pg.ts';

export class InfrastructureService {
  constructor(private readonly knex: Knex) {}

  /**
   * One page of points matching the query string's filters (kinds, bbox, minimum voltage).
   * @example await service.list({ kind: 'port', limit: '10' }) // { type: 'FeatureCollection', numberMatched, … }
   */
  async list(rawQuery: unknown): Promise<InfrastructureCollection> {
    const q = parseInput(infrastructureQuerySchema, rawQuery, 'query');
    const { features, numberMatched } = await listInfrastructure(this.knex, q);
    return { type: 'FeatureCollection', numberMatched, numberReturned: features.length, features };
  }
}
