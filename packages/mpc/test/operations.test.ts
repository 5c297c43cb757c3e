// Spec-driven tests over every Mpc operation: wire, bad input, random valid
// inputs against a validating server, AK/SK signing; paginators and waiters.
import { describeOperations } from '@huaweicloud-openapi/scripts/testing/operation-suite';
import { describePaginators, describeWaiters } from '@huaweicloud-openapi/scripts/testing/paging-suite';
import { loadSpec } from '@huaweicloud-openapi/scripts/testing/spec-examples';
import * as mpc from '../src/index.js';

const spec = await loadSpec('mpc');
const create = (options: Parameters<typeof mpc.createMpcClient>[0]) => mpc.createMpcClient(options);

describeOperations('mpc', spec, create as never);
describePaginators('mpc', spec, mpc, create as never);
describeWaiters('mpc', spec, mpc, create as never);
