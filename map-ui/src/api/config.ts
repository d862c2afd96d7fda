/** Runtime configuration of the UI from the server (`GET /api/config`). */
import { ApiError, apiFetch } from './client.ts';
import type { AppConfig } from './types.ts';

/** The server's UI settings; a server without `/api/config` (404) means "offline basemap". */
export async function getConfig(): Promise<AppConfig> {
  try {
    const c = await apiFetch<Partial<AppConfig>>('/api/config');
    return { basemapStyleUrl: typeof c?.basemapStyleUrl === 'string' ? c.basemapStyleUrl : '' };
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return { basemapStyleUrl: '' };
    throw err;
  }
}
