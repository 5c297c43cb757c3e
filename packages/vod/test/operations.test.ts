// Spec-driven tests over every Vod operation: wire, bad input, random valid
// inputs against a validating server, AK/SK signing; paginators and waiters.
import { describeOperations } from '@huaweicloud-openapi/scripts/testing/operation-suite';
import { describePaginators, describeWaiters } from '@huaweicloud-openapi/scripts/testing/paging-suite';
import { loadSpec } from '@huaweicloud-openapi/scripts/testing/spec-examples';
import * as vod from '../src/index.js';

const spec = await loadSpec('vod');
const create = (options: Parameters<typeof vod.createVodClient>[0]) => vod.createVodClient(options);

describeOperations('vod', spec, create as never);
describePaginators('vod', spec, vod, create as never);
describeWaiters('vod', spec, vod, create as never);
