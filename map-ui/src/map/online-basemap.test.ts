import { afterEach, describe, expect, it, vi } from 'vitest';
import { absolutize, absolutizeStyle, loadOnlineStyle } from './online-basemap.ts';

describe('online basemap URLs', () => {
  it('resolves relative URLs against the style URL and keeps placeholders', () => {
    expect(absolutize('./fonts/{fontstack}/{range}.pbf', 'https://x.fr/styles/a/style.json')).toBe(
      'https://x.fr/styles/a/fonts/{fontstack}/{range}.pbf',
    );
    expect(absolutize('https://cdn.fr/t/{z}/{x}/{y}.pbf', 'https://x.fr/style.json')).toBe(
      'https://cdn.fr/t/{z}/{x}/{y}.pbf',
    );
  });

  it('rewrites sources, sprite and glyphs of a style', () => {
    const s = absolutizeStyle(
      {
        version: 8,
        sprite: '/sprites/s',
        glyphs: 'fonts/{fontstack}/{range}.pbf',
        sources: {
          v: { type: 'vector', url: 'tiles.json' },
          r: { type: 'raster', tiles: ['/r/{z}/{x}/{y}.png'] },
        },
        layers: [],
      },
      'https://x.fr/maps/style.json',
    );
    expect(s.sprite).toBe('https://x.fr/sprites/s');
    expect(s.glyphs).toBe('https://x.fr/maps/fonts/{fontstack}/{range}.pbf');
    expect((s.sources.v as { url: string }).url).toBe('https://x.fr/maps/tiles.json');
    expect((s.sources.r as { tiles: string[] }).tiles).toEqual(['https://x.fr/r/{z}/{x}/{y}.png']);
  });
});

describe('loading the online basemap', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });
  const answer = (status: number, body: unknown) =>
    vi.fn(
      async () =>
        new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
    );

  it('refuses an HTTP error, so the caller falls back to the offline basemap', async () => {
    vi.stubGlobal('fetch', answer(404, {}));
    await expect(loadOnlineStyle('https://maps.example/style.json')).rejects.toThrow(/HTTP 404/);
  });

  it('refuses JSON that is not a MapLibre v8 style', async () => {
    vi.stubGlobal('fetch', answer(200, { hello: 'world' }));
    await expect(loadOnlineStyle('https://maps.example/style.json')).rejects.toThrow(/not a MapLibre style/);
  });

  it('refuses when the network fails', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(loadOnlineStyle('https://maps.example/style.json')).rejects.toThrow();
  });

  it('returns a valid style with its relative URLs made absolute', async () => {
    vi.stubGlobal('fetch', answer(200, { version: 8, sprite: 'sprite', sources: {}, layers: [] }));
    const style = await loadOnlineStyle('https://maps.example/a/style.json');
    expect(style.sprite).toBe('https://maps.example/a/sprite');
  });
});
