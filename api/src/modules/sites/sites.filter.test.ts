import { describe, expect, it } from 'vitest';
import { compileSiteFilter } from './sites.filter.ts';
import { siteFilterObject } from './sites.schemas.ts';

const parse = (q: Record<string, string>) => {
  const { limit: _l, offset: _o, ...filters } = siteFilterObject.parse(q);
  return filters;
};

describe('compileSiteFilter', () => {
  it('writes one bound predicate per filter, against the given alias', () => {
    const f = compileSiteFilter(parse({ minAreaHa: '10', region: '44,84', railSiding: 'true' }), 's');
    expect(f.sql).toBe(
      's.site_surf_comm_dispo >= ? AND s.region = ANY(?::text[]) AND s.reseau_fret_ferroviaire = ?',
    );
    expect(f.bindings).toEqual([10, ['44', '84'], true]);
    expect(compileSiteFilter(parse({ ids: '00000000-0000-4000-8000-000000000000' }), 'sites')).toEqual({
      sql: 'sites.id = ANY(?::uuid[])',
      bindings: [['00000000-0000-4000-8000-000000000000']],
    });
  });

  it('filters nothing for no filter and for empty lists', () => {
    expect(compileSiteFilter({}, 's')).toEqual({ sql: '', bindings: [] });
    expect(compileSiteFilter(parse({ region: ',', label: ' ', q: '  ' }), 's')).toEqual({
      sql: '',
      bindings: [],
    });
  });

  it('binds the search text with LIKE wildcards escaped, never in the SQL', () => {
    const f = compileSiteFilter(parse({ q: "50%_off' OR 1=1 --" }), 'sites');
    expect(f.sql).toBe("sites.search_text LIKE '%' || lm_fold(?) || '%' ESCAPE '\\'");
    expect(f.bindings).toEqual(["50\\%\\_off' OR 1=1 --"]);
  });

  it('has a predicate for every filter of the list (bbox as four bound numbers)', () => {
    const every = parse({
      bbox: '1,2,3,4',
      q: 'x',
      minAreaHa: '1',
      maxAreaHa: '2',
      minPowerMw: '3',
      label: 'star_est',
      region: '44',
      department: '57',
      status: 'available',
      railSiding: 'true',
      quay: 'false',
      brownfield: 'true',
      territory: '123456789',
      ids: '00000000-0000-4000-8000-000000000000',
      published: 'true',
    });
    const keys = Object.keys(siteFilterObject.shape).filter((k) => k !== 'limit' && k !== 'offset');
    expect(Object.keys(every).sort()).toEqual(keys.sort());
    const f = compileSiteFilter(every, 's');
    expect(f.sql.split(' AND ')).toHaveLength(keys.length);
    expect(f.bindings.slice(0, 4)).toEqual([1, 2, 3, 4]);
    expect(f.sql.match(/\?/g)).toHaveLength(f.bindings.length);
  });
});
