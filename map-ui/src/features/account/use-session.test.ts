import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { sessionQuery } from '../../api/auth.ts';
import {
  comparisonQuery,
  matchVersionsQuery,
  projectKeys,
  projectListQuery,
  projectQuery,
  shortlistQuery,
} from '../../api/projects.ts';
import { isochroneQuery, siteListQuery, siteQuery } from '../../api/sites.ts';
import type { Session } from '../../api/types.ts';
import { EMPTY_FILTERS } from '../../state/filters.ts';
import { sessionChanged } from './use-session.ts';

const invalidated = (client: QueryClient, key: readonly unknown[]) =>
  client.getQueryCache().find({ queryKey: key, exact: true })?.state.isInvalidated;

function seeded() {
  const client = new QueryClient();
  const keys = {
    session: sessionQuery.queryKey,
    site: siteQuery('12').queryKey,
    list: siteListQuery(EMPTY_FILTERS, { limit: 1 }).queryKey,
    isochrone: isochroneQuery([2.35, 48.85], 30).queryKey,
    projects: projectListQuery({}).queryKey,
    project: projectQuery('p1').queryKey,
  };
  for (const key of Object.values(keys)) client.setQueryData<unknown>(key as readonly unknown[], {});
  return { client, keys };
}

describe('a session change', () => {
  it('stores the new session and marks every user-dependent read for refetching, not the public ones', async () => {
    const { client, keys } = seeded();
    const session = {
      user: { id: 'u1', email: 'a@b.test', role: 'staff' },
      csrfToken: 't',
    } as unknown as Session;
    await sessionChanged(client, session);
    expect(client.getQueryData(keys.session)).toEqual(session);
    expect(invalidated(client, keys.session)).toBe(false);
    expect(invalidated(client, keys.isochrone)).toBe(false);
    for (const k of [keys.site, keys.list, keys.projects, keys.project])
      expect(invalidated(client, k)).toBe(true);
  });

  it('after a logout the session entry is null (the menu shows "log in")', async () => {
    const { client, keys } = seeded();
    await sessionChanged(client, null);
    expect(client.getQueryData(keys.session)).toBeNull();
  });
});

describe('project query keys', () => {
  it('put everything of one project under its key, so one invalidation reaches them all', async () => {
    const client = new QueryClient();
    const mine = [
      projectQuery('p1').queryKey,
      shortlistQuery('p1').queryKey,
      comparisonQuery('p1', ['a', 'b']).queryKey,
      matchVersionsQuery('p1', '{}').queryKey,
    ];
    const other = shortlistQuery('p2').queryKey;
    for (const k of [...mine, other, projectListQuery({}).queryKey])
      client.setQueryData<unknown>(k as readonly unknown[], {});
    await client.invalidateQueries({ queryKey: projectKeys.one('p1') });
    for (const k of mine) expect(invalidated(client, k)).toBe(true);
    expect(invalidated(client, other)).toBe(false);
    // The lists are their own key: a write names them when it changes what they show.
    expect(invalidated(client, projectListQuery({}).queryKey)).toBe(false);
  });
});
