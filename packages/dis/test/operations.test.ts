// Spec-driven tests over every Dis operation: wire, bad input, random valid
// inputs against a validating server, AK/SK signing; paginators and waiters.
import { describeOperations } from '@huaweicloud-openapi/scripts/testing/operation-suite';
import { describePaginators, describeWaiters } from '@huaweicloud-openapi/scripts/testing/paging-suite';
import { loadSpec } from '@huaweicloud-openapi/scripts/testing/spec-examples';
import * as dis from '../src/index.js';

const spec = await loadSpec('dis');
const create = (options: Parameters<typeof dis.createDisClient>[0]) => dis.createDisClient(options);

describeOperations('dis', spec, create as never);
describePaginators('dis', spec, dis, create as never);
describeWaiters('dis', spec, dis, create as never);
