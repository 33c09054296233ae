// Builds of large documents' models on a worker thread (`model-worker.js`, next to the server's
// bundle), so the request loop never waits for one: a 10 MB article takes seconds to parse, and
// every other document's requests are answered meanwhile. One build runs at a time; requests
// for the same version share it. A build is dropped as soon as nobody wants it (each caller says
// through `wanted`, asked again at every `review`): one waiting in the queue is never started,
// the running one stops at its next chunk (the worker reads a shared cell). The text goes over
// in pieces and the model comes back in parts (`model-transfer.ts`), with the event loop free
// between any two of them.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ArticleModel } from '../engine';
import type { ArticleOptions } from '../engine/dialect/article';
import { joinPart, type FromWorker, type ToWorker } from './model-transfer';

export interface ModelBuildRequest {
  /** Identifies the document (its URI). */
  key: string;
  text: string;
  version: number;
  options: ArticleOptions;
  /** Requests with the same key, version, text and `same` (the config) share one build. */
  same: unknown;
  /** Whether this caller still wants the model. */
  wanted: () => boolean;
}

interface Job {
  id: number;
  request: ModelBuildRequest;
  waiters: (() => boolean)[];
  resolve: (model: ArticleModel | undefined) => void;
  reject: (error: Error) => void;
  promise: Promise<ArticleModel | undefined>;
  head?: ArticleModel;
  partsLeft: number;
}

/** Characters of text per message to the worker (posting one copies it: ~1 ms per MB here). */
const pieceLength = 512 * 1024;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class ModelBuilds {
  private worker: Worker | undefined;
  private broken = false;
  private paced = false;
  private present: boolean | undefined;
  /** The id of the running build the worker should abandon. */
  private readonly cancel = new Int32Array(new SharedArrayBuffer(4));
  private queue: Job[] = [];
  private running: Job | undefined;
  private lastId = 0;

  constructor(
    private readonly options: {
      /** The chunk cache bound the worker keeps to (characters). */
      cacheCharacters: () => number;
      /** Told when a build starts, ends and is abandoned (tests count builds with it). */
      log?: (message: string) => void;
      workerPath?: string;
    },
  ) {}

  private get workerPath(): string {
    return this.options.workerPath ?? path.join(__dirname, 'model-worker.js');
  }

  /** False where there is no worker to build on (running from sources, or it failed): build here then. */
  get available(): boolean {
    this.present ??= existsSync(this.workerPath);
    return !this.broken && this.present;
  }

  /** The model of this text; undefined when it was abandoned (nobody wanted it any more).
   * Rejects when the worker failed: the caller builds on its own thread. */
  build(request: ModelBuildRequest): Promise<ArticleModel | undefined> {
    const same = [this.running, ...this.queue].find(
      (j) => j && j.request.key === request.key && j.request.version === request.version && j.request.text === request.text && j.request.same === request.same,
    );
    if (same) {
      same.waiters.push(request.wanted);
      return same.promise;
    }
    let resolve!: Job['resolve'];
    let reject!: Job['reject'];
    const promise = new Promise<ArticleModel | undefined>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const job: Job = { id: ++this.lastId, request, waiters: [request.wanted], resolve, reject, promise, partsLeft: 0 };
    this.queue.push(job);
    this.pump();
    return promise;
  }

  /** Starts the worker ahead of the first build (it warms itself up meanwhile: model-warm-up.ts). */
  prepare(): void {
    if (this.available) this.start();
  }

  /** Asks every build whether it is still wanted, and drops those that are not. */
  review(): void {
    this.queue = this.queue.filter((job) => {
      if (this.wanted(job)) return true;
      this.log(job, 'abandoned before it started');
      job.resolve(undefined);
      return false;
    });
    if (this.running && !this.wanted(this.running)) Atomics.store(this.cancel, 0, this.running.id);
  }

  /** Whether the worker's warm-up leaves the cores to the server's start (see model-worker.ts). */
  pace(paced: boolean): void {
    this.paced = paced;
    this.worker?.postMessage({ type: 'pace', paced } satisfies ToWorker);
  }

  /** A new bound for the worker's chunk cache (documents closed). */
  limitCharacters(cacheCharacters: number): void {
    this.worker?.postMessage({ type: 'limit', cacheCharacters } satisfies ToWorker);
  }

  private wanted(job: Job): boolean {
    return job.waiters.some((w) => w());
  }

  private log(job: Job, what: string): void {
    this.options.log?.(`Strategy Notes: model build ${job.id} of ${job.request.key} version ${job.request.version}: ${what}`);
  }

  private pump(): void {
    if (this.running || this.queue.length === 0) return;
    const job = this.queue.shift()!;
    this.running = job;
    void this.send(job).catch((error: unknown) => this.finish(job, error instanceof Error ? error : new Error(String(error))));
  }

  private async send(job: Job): Promise<void> {
    const worker = this.start();
    const { text, version, options } = job.request;
    for (let at = 0; at < text.length; at += pieceLength) {
      if (this.running !== job) return;
      if (!this.wanted(job)) return this.finish(job, undefined, 'abandoned before it started');
      worker.postMessage({ type: 'text', id: job.id, piece: text.slice(at, at + pieceLength) } satisfies ToWorker);
      if (at + pieceLength < text.length) await yieldToLoop();
    }
    if (this.running !== job) return;
    if (!this.wanted(job)) return this.finish(job, undefined, 'abandoned before it started');
    this.log(job, 'started');
    worker.postMessage({
      type: 'build',
      id: job.id,
      version,
      fileName: options.fileName,
      patternSource: options.disclaimerPattern?.source,
      cacheCharacters: this.options.cacheCharacters(),
    } satisfies ToWorker);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerPath, { workerData: { cancel: this.cancel, paced: this.paced } });
    worker.unref();
    worker.on('message', (message: FromWorker) => this.received(message));
    const lost = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.broken = true;
      const job = this.running;
      if (job) this.finish(job, error);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the model worker stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private received(message: FromWorker): void {
    if (message.type === 'warmed') {
      this.options.log?.(`Strategy Notes: model worker warmed up on ${message.steps} of ${message.of} texts in ${message.ms} ms`);
      return;
    }
    const job = this.running;
    if (!job || message.id !== job.id) return;
    switch (message.type) {
      case 'abandoned':
        return this.finish(job, undefined, 'abandoned');
      case 'failed':
        return this.finish(job, new Error(message.message));
      case 'model':
        job.head = message.head;
        job.partsLeft = message.parts;
        break;
      case 'part':
        job.partsLeft--;
        // The worker readies the next part while this one is read (one part in flight at a
        // time, so messages never pile up to be read all at once).
        if (job.partsLeft > 0 && this.wanted(job)) this.next(job);
        joinPart(job.head!, message.part);
        break;
    }
    if (!this.wanted(job)) return this.finish(job, undefined, 'abandoned');
    if (job.partsLeft === 0) return this.finish(job, job.head);
    if (message.type === 'model') this.next(job);
  }

  private next(job: Job): void {
    this.worker?.postMessage({ type: 'next', id: job.id } satisfies ToWorker);
  }

  private finish(job: Job, result: ArticleModel | Error | undefined, what?: string): void {
    if (this.running === job) this.running = undefined;
    if (result instanceof Error) {
      this.log(job, `failed: ${result.message}`);
      job.reject(result);
    } else {
      this.log(job, what ?? 'built');
      job.resolve(result);
    }
    this.pump();
  }
}
