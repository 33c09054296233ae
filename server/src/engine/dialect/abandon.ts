// Abandoning a build nobody wants any more (a newer version arrived, every request for it was
// cancelled). The build asks before each chunk it looks up, so it stops within a chunk's parse;
// what it parsed so far stays in the cache for the next version.

import { ChunkCache } from './chunks';

/** Thrown out of `ArticleBuilder.build` when the build's `stillWanted` says no. */
export class BuildAbandoned extends Error {
  constructor() {
    super('the build was abandoned: it is no longer wanted');
    this.name = 'BuildAbandoned';
  }
}

/** A chunk cache that asks `stillWanted` before each lookup (the one place every build passes
 * through chunk by chunk, cache hits included). */
export class AbandonableChunkCache extends ChunkCache {
  stillWanted: () => boolean = () => true;

  override get(text: string, startsDocument: boolean, viaRemark = false, lines?: () => string[]): ReturnType<ChunkCache['get']> {
    if (!this.stillWanted()) throw new BuildAbandoned();
    return super.get(text, startsDocument, viaRemark, lines);
  }
}
