/**
 * Deterministic BullMQ job and item ids, so the same work added twice (two crawls, two replicas) is one job.
 * Delivery job ids live with the delivery stage (`deliveryJobId`).
 * BullMQ ids may not contain ':' nor be integers, hence the prefix and hex digest.
 */
import { createHash } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 24);

export const articleJobId = (canonicalUrl: string) => `art-${digest(canonicalUrl)}`;
export const itemIdFor = (canonicalUrl: string) => `it-${digest(canonicalUrl)}`;
