/**
 * OpenStreetMap XML (`.osm`) reader on the `sax` streaming parser; yields the same elements as
 * the PBF reader so one adapter handles both encodings.
 */
import sax from 'sax';
import type { OsmElement, OsmMember, OsmPassFilter, Tags } from './osm-pbf.ts';
import { ImportFileError } from './source.ts';

/**
 * Yields the elements of an OSM XML document in batches, in file order.
 * @example for await (const batch of readOsmXml(source.open(), { nodes: true, ways: true, relations: true })) …
 */
export async function* readOsmXml(
  chunks: AsyncIterable<Buffer>,
  filter: OsmPassFilter,
): AsyncIterable<OsmElement[]> {
  const parser = sax.parser(true, { trim: false });
  let batch: OsmElement[] = [];
  let current: OsmElement | null = null;
  let depth = 0;
  let sawRoot = false;
  let failure: Error | null = null;
  let sawBytes = false;

  parser.onerror = (err) => {
    failure = new ImportFileError(
      `the .osm XML is malformed near line ${parser.line + 1}: ${err.message.split('\n')[0]}`,
    );
  };
  parser.onopentag = (node) => {
    depth++;
    const a = node.attributes as Record<string, string>;
    if (depth === 1) {
      if (node.name !== 'osm')
        failure = new ImportFileError(`expected an <osm> document, found <${node.name}>`);
      sawRoot = true;
      return;
    }
    if (depth === 2) {
      const id = Number(a.id);
      if (node.name === 'node') {
        current = { type: 'node', id, lon: Number(a.lon), lat: Number(a.lat), tags: {} };
      } else if (node.name === 'way') {
        current = { type: 'way', id, refs: [], tags: {} };
      } else if (node.name === 'relation') {
        current = { type: 'relation', id, members: [], tags: {} };
      }
      return;
    }
    if (depth === 3 && current) {
      if (node.name === 'tag') (current.tags as Tags)[a.k] = a.v;
      else if (node.name === 'nd' && current.type === 'way') current.refs.push(Number(a.ref));
      else if (node.name === 'member' && current.type === 'relation') {
        current.members.push({ type: a.type as OsmMember['type'], id: Number(a.ref), role: a.role ?? '' });
      }
    }
  };
  parser.onclosetag = () => {
    if (depth === 2 && current) {
      const keep =
        (current.type === 'node' && filter.nodes) ||
        (current.type === 'way' && filter.ways) ||
        (current.type === 'relation' && filter.relations);
      if (keep) batch.push(current);
      current = null;
    }
    depth--;
  };

  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    if (chunk.length > 0) sawBytes = true;
    parser.write(decoder.decode(chunk, { stream: true }));
    if (failure) throw failure;
    if (batch.length > 0) {
      const out = batch;
      batch = [];
      yield out;
    }
  }
  if (!sawBytes) throw new ImportFileError('the file is empty');
  if (!sawRoot) throw new ImportFileError('the file is not OSM XML (no <osm> element)');
  if (depth !== 0) throw new ImportFileError('the .osm XML file ends before its closing </osm> (truncated?)');
  parser.close();
  if (failure) throw failure;
  if (batch.length > 0) yield batch;
}
