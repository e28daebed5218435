// One worker of read-objects.mjs: opens the store itself and reads its share in order.
import { parentPort, workerData } from 'node:worker_threads';
import { ObjectStore } from '../dist/sources/git/object-store.js';

const store = ObjectStore.open(workerData.layout);
let bytes = 0;
for (const loc of workerData.locations) bytes += store.readAt(loc).data.length;
store.close();
parentPort.postMessage(bytes);
