/**
 * The access kinds of the contract and which infrastructure rows answer each. A substation
 * kind is "the nearest substation of at least that voltage with a transformation" (90 kV
 * counts for 63 kV; RTE's 400 kV level is labelled 380–400 kV in some sources, hence ≥ 380):
 * a tapping point on a line (RTE `fonction_du_poste` "Poste de piquage") has no busbar or
 * transformer a new connection could be fed from, so it never answers; a substation whose
 * function is not stated does.
 */
export const ACCESS_KINDS = [
  'motorway_access',
  'rail_freight',
  'port',
  'airport',
  'substation_63kv',
  'substation_225kv',
  'substation_400kv',
] as const;
export type AccessKind = (typeof ACCESS_KINDS)[number];

export interface AccessKindSpec {
  kind: AccessKind;
  /**
   * SQL predicate over `infrastructure` under an alias (constant text, no input); with an
   * empty alias it is also the partial index predicate.
   */
  predicate: (alias?: string) => string;
  /** The infrastructure kind it draws from. */
  infraKind: string;
}

/** Builds a predicate from constant clauses, qualifying columns with the alias when given. */
const where =
  (...clauses: Array<[column: string, condition: string]>) =>
  (alias = '') =>
    clauses.map(([c, cond]) => `${alias ? `${alias}.` : ''}${c} ${cond}`).join(' AND ');

/**
 * A substation of at least `kv` that can feed a connection: RTE's tapping points ("Poste de
 * piquage") cannot. `IS DISTINCT FROM` keeps substations whose function is not stated.
 */
const substation =
  (kv: number) =>
  (alias = '') => {
    const q = alias ? `${alias}.` : '';
    return `${q}kind = 'substation' AND ${q}voltage_kv >= ${kv} AND (${q}attrs->>'function') IS DISTINCT FROM 'Poste de piquage'`;
  };

export const ACCESS_SPECS: readonly AccessKindSpec[] = [
  {
    kind: 'motorway_access',
    infraKind: 'motorway_access',
    predicate: where(['kind', "= 'motorway_access'"]),
  },
  { kind: 'rail_freight', infraKind: 'rail_freight', predicate: where(['kind', "= 'rail_freight'"]) },
  { kind: 'port', infraKind: 'port', predicate: where(['kind', "= 'port'"]) },
  {
    kind: 'airport',
    infraKind: 'airport',
    predicate: where(['kind', "= 'airport'"], ['size_class', "IN ('large', 'medium')"]),
  },
  {
    kind: 'substation_63kv',
    infraKind: 'substation',
    predicate: substation(63),
  },
  {
    kind: 'substation_225kv',
    infraKind: 'substation',
    predicate: substation(225),
  },
  {
    kind: 'substation_400kv',
    infraKind: 'substation',
    predicate: substation(380),
  },
];
