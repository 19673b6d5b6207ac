/**
 * Which operations each Lambda function serves, for the local server and the
 * tests, which run every function in one process. (A deployed function
 * imports only its own operations, to keep its bundle small.)
 */
import type { Stores } from '../../store/stores';
import type { FunctionName } from '../routes';
import type { Operations } from '../handler';
import type { OperationContext } from './context';
import { catalogueReadOperations } from './catalogue-read';
import { catalogueWriteOperations } from './catalogue-write';
import { attendeeOperations } from './attendee';
import { engagementOperations } from './engagement';

export const operationsOf: Record<FunctionName, (stores: Stores, context: OperationContext) => Operations> = {
  catalogueRead: catalogueReadOperations,
  catalogueWrite: catalogueWriteOperations,
  attendee: attendeeOperations,
  engagement: engagementOperations,
};
