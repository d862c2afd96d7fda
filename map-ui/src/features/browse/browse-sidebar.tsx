/** The public map's side panel: search, filters, the list of sites in view and its downloads. */
import type { SiteListFeature } from '@api/modules/sites/sites.schemas.ts';
import type { SiteFilters } from '../../state/filters.ts';
import { FiltersPanel } from './filters-panel.tsx';
import { ResultList } from './result-list.tsx';
import { SearchBox } from './search-box.tsx';
import { SiteDownloads } from './site-downloads.tsx';
import type { SiteSearch } from './use-site-search.ts';

interface Props {
  filters: SiteFilters;
  search: SiteSearch;
  selected: string | null;
  onFilters(next: SiteFilters): void;
  onSearchText(q: string): void;
  onSelect(site: SiteListFeature): void;
  onRetry(): void;
}

export function BrowseSidebar(p: Props) {
  return (
    <div className="browse">
      <SearchBox value={p.filters.q} onSearch={p.onSearchText} />
      <FiltersPanel
        filters={p.filters}
        total={p.search.total}
        totalCapped={p.search.totalCapped}
        onChange={p.onFilters}
      />
      <ResultList
        search={p.search}
        selected={p.selected}
        onSelect={p.onSelect}
        onRetry={p.onRetry}
        actions={<SiteDownloads filters={p.filters} total={p.search.total} />}
      />
    </div>
  );
}
