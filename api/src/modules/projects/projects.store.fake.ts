/**
 * An in-memory ProjectsStore for service tests that need no SQL (status pipeline, snapshots,
 * audits, access checks): each test builds its own in microseconds. The SQL itself (visibility
 * filter, live sites with their access rows, map context) is tested against PostGIS in
 * tests/http. `fakeTransactor` gives all-or-nothing transactions: a write that throws leaves
 * the store as it was, as a rolled-back transaction would.
 */
import { randomUUID } from 'node:crypto';
import type { Transactor, Tx } from '../../db/transaction.ts';
import type { CurrentVersion } from '../../shared/versioning.ts';
import type { AuditEntry } from '../audit/audit.store.ts';
import type { Actor } from '../auth/auth.types.ts';
import { mayAccessProject } from './projects.access.ts';
import type { Project, ProjectListQuery, StatusChange } from './projects.schemas.ts';
import type {
  LiveSite,
  MapContext,
  NewShortlistRow,
  NewStatusChange,
  ObservatoryRow,
  ProjectColumns,
  ProjectsStore,
  ShortlistRow,
} from './projects.store.ts';

/** `projects` column → Project field, for the columns the services write. */
const FIELD_OF: Readonly<Record<string, keyof Project>> = {
  name: 'name',
  company: 'company',
  sector: 'sector',
  origin_country: 'originCountry',
  jobs: 'jobs',
  investment_eur: 'investmentEur',
  contact: 'contact',
  needs: 'needs',
  notes: 'notes',
  status: 'status',
  loss_reason: 'lossReason',
  loss_note: 'lossNote',
  status_changed_at: 'statusChangedAt',
  owner_organisation: 'ownerOrganisation',
  owner_territories: 'territories',
  created_by: 'createdBy',
};

interface State {
  projects: Map<string, Project>;
  /** The shortlist's last writer and time, per project. */
  shortlistWriter: Map<string, { at: string; by: string | null }>;
  history: Map<string, StatusChange[]>;
  shortlists: Map<string, ShortlistRow[]>;
  audit: AuditEntry[];
}

const FAKE_TX = {} as Tx;

export class FakeProjectsStore implements ProjectsStore {
  private state: State = {
    projects: new Map(),
    shortlistWriter: new Map(),
    history: new Map(),
    shortlists: new Map(),
    audit: [],
  };
  /** The sites `liveSites` knows, by id (tests add and remove them). */
  readonly sites = new Map<string, LiveSite>();
  /** User id → display name, as the history's `byName` (the pg store joins `users`). */
  readonly userNames = new Map<string, string>();

  constructor(private readonly clock: () => Date = () => new Date()) {}

  /** The audit entries written so far, oldest first. */
  get audit(): readonly AuditEntry[] {
    return this.state.audit;
  }

  /** Transactions over this store: a copy of the state is put back when the work throws. */
  transactor(): Transactor {
    return {
      transaction: async (work) => {
        const saved = structuredClone(this.state);
        try {
          return await work(FAKE_TX);
        } catch (e) {
          this.state = saved;
          throw e;
        }
      },
    };
  }

  private now(): string {
    return this.clock().toISOString();
  }

  async insert(_tx: Tx, columns: ProjectColumns): Promise<string> {
    const id = randomUUID();
    const now = this.now();
    const p: Project = {
      id,
      name: '',
      company: null,
      sector: 'other',
      originCountry: null,
      jobs: null,
      investmentEur: null,
      contact: null,
      needs: null,
      notes: null,
      status: 'lead',
      lossReason: null,
      lossNote: null,
      statusChangedAt: now,
      ownerOrganisation: null,
      territories: [],
      createdBy: null,
      createdAt: now,
      updatedAt: now,
      shortlistCount: 0,
      version: 1,
      shortlistVersion: 1,
      updatedBy: null,
      deletedAt: null,
    };
    this.state.projects.set(id, this.apply(p, columns));
    return id;
  }

  async update(_tx: Tx, id: string, columns: ProjectColumns): Promise<void> {
    const p = this.state.projects.get(id);
    if (!p) return;
    const next = this.apply(p, columns);
    next.updatedAt = this.now();
    next.version = p.version + 1;
    if (columns.status !== undefined && columns.status_changed_at === undefined) {
      next.statusChangedAt = next.updatedAt;
    }
    this.state.projects.set(id, next);
  }

  async touchShortlist(_tx: Tx, id: string, by: string | null): Promise<void> {
    const p = this.state.projects.get(id);
    if (!p) return;
    const now = this.now();
    this.state.projects.set(id, { ...p, shortlistVersion: p.shortlistVersion + 1, updatedAt: now });
    this.state.shortlistWriter.set(id, { at: now, by });
  }

  async shortlistVersion(id: string): Promise<CurrentVersion | undefined> {
    const p = this.state.projects.get(id);
    if (!p) return undefined;
    const w = this.state.shortlistWriter.get(id);
    return {
      version: p.shortlistVersion,
      updatedAt: w?.at ?? null,
      updatedBy: w?.by ? this.editor(w.by) : null,
    };
  }

  async softDelete(_tx: Tx, id: string): Promise<void> {
    const p = this.state.projects.get(id);
    if (p) this.state.projects.set(id, { ...p, deletedAt: this.now(), version: p.version + 1 });
  }

  async restore(_tx: Tx, id: string, by: string | null): Promise<void> {
    const p = this.state.projects.get(id);
    if (!p) return;
    const updatedBy = by ? this.editor(by) : null;
    this.state.projects.set(id, {
      ...p,
      deletedAt: null,
      version: p.version + 1,
      updatedAt: this.now(),
      updatedBy,
    });
  }

  private editor(id: string) {
    return { id, name: this.userNames.get(id) ?? null };
  }

  private apply(p: Project, columns: ProjectColumns): Project {
    const next: Record<string, unknown> = { ...p };
    for (const [column, value] of Object.entries(columns)) {
      if (value === undefined) continue;
      if (column === 'updated_by') {
        next.updatedBy = value === null ? null : this.editor(String(value));
        continue;
      }
      const field = FIELD_OF[column];
      if (!field) throw new Error(`FakeProjectsStore: unknown column ${column}`);
      next[field] = structuredClone(value);
    }
    return next as Project;
  }

  async get(id: string, _tx?: Tx, opts: { includeDeleted?: boolean } = {}): Promise<Project | undefined> {
    const p = this.state.projects.get(id);
    if (!p || (p.deletedAt && !opts.includeDeleted)) return undefined;
    return { ...structuredClone(p), shortlistCount: this.state.shortlists.get(id)?.length ?? 0 };
  }

  async list(query: ProjectListQuery, actor: Actor): Promise<{ projects: Project[]; total: number }> {
    const needle = query.q?.toLowerCase();
    const all = (await this.visible(actor))
      .filter((p) => !query.status?.length || query.status.includes(p.status))
      .filter((p) => !query.sector?.length || query.sector.includes(p.sector))
      .filter(
        (p) =>
          !needle ||
          p.name.toLowerCase().includes(needle) ||
          (p.company ?? '').toLowerCase().includes(needle),
      )
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id));
    return { projects: all.slice(query.offset, query.offset + query.limit), total: all.length };
  }

  private async visible(actor: Actor): Promise<Project[]> {
    const out: Project[] = [];
    for (const id of this.state.projects.keys()) {
      const p = await this.get(id);
      if (p && mayAccessProject(actor, p)) out.push(p);
    }
    return out;
  }

  async addStatusChange(_tx: Tx, c: NewStatusChange): Promise<void> {
    const list = this.state.history.get(c.projectId) ?? [];
    const at = this.now();
    list.push({
      from: c.from,
      to: c.to,
      lossReason: c.lossReason,
      note: c.note,
      at,
      effectiveOn: c.effectiveOn ?? at.slice(0, 10),
      by: c.by,
      byName: c.by === null ? null : (this.userNames.get(c.by) ?? null),
    });
    this.state.history.set(c.projectId, list);
  }

  async history(projectId: string): Promise<StatusChange[]> {
    return structuredClone(this.state.history.get(projectId) ?? []);
  }

  async shortlist(projectId: string): Promise<ShortlistRow[]> {
    const rows = this.state.shortlists.get(projectId) ?? [];
    return structuredClone(rows).sort((a, b) => a.rank - b.rank);
  }

  async replaceShortlist(_tx: Tx, projectId: string, rows: NewShortlistRow[]): Promise<void> {
    const now = this.now();
    this.state.shortlists.set(
      projectId,
      rows.map((r) => ({ ...structuredClone(r), addedAt: r.addedAt ?? now, updatedAt: now })),
    );
  }

  async liveSites(ids: readonly string[], opts: { geometry?: boolean } = {}): Promise<Map<string, LiveSite>> {
    const out = new Map<string, LiveSite>();
    for (const id of ids) {
      const s = this.sites.get(id);
      if (!s) continue;
      const { geometry, locationL93, ...rest } = structuredClone(s);
      out.set(id, opts.geometry && geometry ? { ...rest, geometry, locationL93 } : rest);
    }
    return out;
  }

  /** No geography in memory: every site has an empty surrounding (PostGIS tests cover it). */
  async mapContext(ids: readonly string[]): Promise<Map<string, MapContext>> {
    return new Map(ids.map((id) => [id, { neighbours: [], infrastructure: [] }]));
  }

  async observatoryRows(actor: Actor): Promise<ObservatoryRow[]> {
    return (await this.visible(actor)).map((p) => ({
      id: p.id,
      sector: p.sector,
      status: p.status,
      lossReason: p.lossReason,
      territories: p.territories,
      createdAt: p.createdAt,
      statusChangedAt: p.statusChangedAt,
    }));
  }

  async recordAudit(entry: AuditEntry): Promise<void> {
    // Stored as the JSON the audit log keeps, so tests see what the table would hold.
    this.state.audit.push(JSON.parse(JSON.stringify(entry)));
  }
}

/** A clock one second later at every call, so "newest first" orders never tie in tests. */
export function steppingClock(start = '2026-05-04T10:00:00Z'): () => Date {
  let t = Date.parse(start);
  return () => {
    t += 1000;
    return new Date(t);
  };
}
