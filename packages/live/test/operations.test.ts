// Spec-driven tests over every Live operation: wire, bad input, random valid
// inputs against a validating server, AK/SK signing; paginators and waiters.
import { describeOperations } from '@huaweicloud-openapi/scripts/testing/operation-suite';
import { describePaginators, describeWaiters } from '@huaweicloud-openapi/scripts/testing/paging-suite';
import { loadSpec } from '@huaweicloud-openapi/scripts/testing/spec-examples';
import * as live from '../src/index.js';

const spec = await loadSpec('live');
const create = (options: Parameters<typeof live.createLiveClient>[0]) => live.createLiveClient(options);

describeOperations('live', spec, create as never);
describePaginators('live', spec, live, create as never);
describeWaiters('live', spec, live, create as never);
