/**
 * Issue 12: photos and documents of a site — upload (JPEG, PNG, WebP, PDF; the type from the
 * bytes), the 10 MB limit, who may upload (admins, editors of the site's territory), who may
 * read (anonymous callers: published sites only), delete, and nothing saved on a refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rect, siteBody } from '../fixtures/sites.ts';
import { type Client, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

// A real 1×1 PNG and JPEG, and a minimal PDF: their first bytes are what the API checks.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
// Every byte value, so a round trip through bytea and the backup is exact.
const ALL_BYTES = Buffer.concat([PNG, Buffer.from(Array.from({ length: 256 }, (_, i) => i))]);

let app: TestApp;
let admin: Client;
let editor: Client;
let editorOther: Client;
let staff: Client;
let published: string;
let hidden: string;

const upload = (c: Client, siteId: string, body: Buffer, type: string, query = '?name=photo.png') =>
  c.fetch(`/api/sites/${siteId}/documents${query}`, {
    method: 'POST',
    headers: { 'content-type': type },
    body: new Uint8Array(body),
  });

async function documentCount(siteId: string): Promise<number> {
  const r = await app.db.knex('site_documents').where('site_id', siteId).count({ n: '*' }).first();
  return Number(r!.n);
}

beforeAll(async () => {
  app = await startTestApp('empty');
  admin = await app.login('admin');
  editor = await app.login('editor', { territories: ['200059889'] });
  editorOther = await app.tokenClient('editor', { territories: ['200058014'] });
  staff = await app.login('staff', { territories: ['200059889'] });
  published = (await admin.send('POST', '/api/sites', siteBody())).body.id;
  hidden = (
    await admin.send(
      'POST',
      '/api/sites',
      siteBody({ name: 'Réserve non publiée', published: false }, rect(1.81, 48.955)),
    )
  ).body.id;
});
afterAll(async () => {
  await app?.close();
});

describe(`site documents (${engineName})`, () => {
  let pngId: string;

  it('stores a PNG, a JPEG and a PDF uploaded by an editor of the territory', async () => {
    const png = await upload(
      editor,
      published,
      ALL_BYTES,
      'image/png',
      '?name=C%3A%5Cphotos%5Cvue%20a%C3%A9rienne.png&title=Vue%20a%C3%A9rienne',
    );
    expect(png.status).toBe(201);
    const doc = (await png.json()) as any;
    expect(doc).toMatchObject({
      name: 'vue aérienne.png',
      title: 'Vue aérienne',
      mime: 'image/png',
      bytes: ALL_BYTES.length,
    });
    expect(png.headers.get('location')).toBe(`/api/sites/${published}/documents/${doc.id}`);
    pngId = doc.id;
    const jpeg = await upload(admin, published, JPEG, 'image/jpeg', '?name=site.jpg');
    expect(jpeg.status).toBe(201);
    const pdf = await upload(
      editor,
      published,
      PDF,
      'application/pdf',
      '?name=extrait-plu.pdf&title=Extrait%20du%20PLU',
    );
    expect(pdf.status).toBe(201);
    expect(((await pdf.json()) as any).mime).toBe('application/pdf');
  });

  it('lists them on the site detail and serves the exact bytes with type and file name', async () => {
    const { body } = await app.anonymous.get(`/api/sites/${published}`);
    expect(body.properties.documents.map((d: { name: string }) => d.name)).toEqual([
      'vue aérienne.png',
      'site.jpg',
      'extrait-plu.pdf',
    ]);
    const list = await app.anonymous.get(`/api/sites/${published}/documents`);
    expect(list.body.documents).toHaveLength(3);
    const res = await app.anonymous.fetch(`/api/sites/${published}/documents/${pngId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toBe(
      `inline; filename="vue a_rienne.png"; filename*=UTF-8''vue%20a%C3%A9rienne.png`,
    );
    expect(Buffer.from(await res.arrayBuffer()).equals(ALL_BYTES)).toBe(true);
  });

  it('refuses a 50 MB photo with 413 and a message naming the limit; nothing saved', async () => {
    const before = await documentCount(published);
    const big = Buffer.alloc(50 * 1024 * 1024, 0);
    PNG.copy(big);
    const res = await upload(admin, published, big, 'image/png');
    expect(res.status).toBe(413);
    const { error } = (await res.json()) as any;
    expect(error.message).toMatch(/larger than 10 MB.*nothing was saved/);
    expect(await documentCount(published)).toBe(before);
  });

  it('refuses bytes that are not what the Content-Type says, and types not allowed (415)', async () => {
    const before = await documentCount(published);
    const lying = await upload(admin, published, PDF, 'image/png');
    expect(lying.status).toBe(415);
    expect(((await lying.json()) as any).error.message).toMatch(
      /sent as image\/png but its content is a PDF/,
    );
    const exe = await upload(admin, published, Buffer.from('MZ\x90\x00 not an image'), 'image/jpeg');
    expect(exe.status).toBe(415);
    expect(((await exe.json()) as any).error.message).toMatch(/not a JPEG, PNG, WebP image or PDF/);
    const gif = await upload(admin, published, Buffer.from('GIF89a....'), 'image/gif');
    expect(gif.status).toBe(415);
    expect(((await gif.json()) as any).error.message).toMatch(
      /image\/jpeg, image\/png, image\/webp, application\/pdf/,
    );
    const empty = await upload(admin, published, Buffer.alloc(0), 'image/png');
    expect(empty.status).toBe(400);
    const badName = await upload(admin, published, PNG, 'image/png', `?name=${'x'.repeat(201)}`);
    expect(badName.status).toBe(400);
    expect(((await badName.json()) as any).error.details[0].field).toBe('name');
    expect(await documentCount(published)).toBe(before);
  });

  it('lets only admins and editors of the territory upload or delete', async () => {
    const before = await documentCount(published);
    expect((await upload(editorOther, published, PNG, 'image/png')).status).toBe(403);
    expect((await upload(staff, published, PNG, 'image/png')).status).toBe(403);
    expect((await upload(app.anonymous, published, PNG, 'image/png')).status).toBe(401);
    expect((await editorOther.send('DELETE', `/api/sites/${published}/documents/${pngId}`)).status).toBe(403);
    expect(await documentCount(published)).toBe(before);
  });

  it('hides the documents of an unpublished site from anonymous callers (404), not from staff', async () => {
    const res = await upload(editor, hidden, PNG, 'image/png');
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as any;
    expect((await app.anonymous.get(`/api/sites/${hidden}/documents`)).status).toBe(404);
    expect((await app.anonymous.fetch(`/api/sites/${hidden}/documents/${id}`)).status).toBe(404);
    expect((await staff.fetch(`/api/sites/${hidden}/documents/${id}`)).status).toBe(200);
    // A document id of another site is not found through this one.
    expect((await app.anonymous.fetch(`/api/sites/${published}/documents/${id}`)).status).toBe(404);
  });

  it('deletes a document (204, then 404) and records both writes in the audit log', async () => {
    expect((await editor.send('DELETE', `/api/sites/${published}/documents/${pngId}`)).status).toBe(204);
    expect((await app.anonymous.fetch(`/api/sites/${published}/documents/${pngId}`)).status).toBe(404);
    expect((await editor.send('DELETE', `/api/sites/${published}/documents/${pngId}`)).status).toBe(404);
    const audit = await app.db
      .knex('audit_log')
      .where({ entity: 'site_document', entity_id: pngId })
      .select('action');
    expect(audit.map((a) => a.action).sort()).toEqual(['create', 'delete']);
  });
});
