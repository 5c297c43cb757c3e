// Request bodies at compile time, every case derived from the spec: the page's
// example compiles; dropping a required property or using a value outside an
// enum does not.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeBodyTypes } from '@huaweicloud-openapi/scripts/testing/body-types';

describeBodyTypes('live', path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'));
