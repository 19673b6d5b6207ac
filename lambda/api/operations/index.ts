/**
 * Which operations each Lambda function serves, for the local server and the
 * tests, which run every function in one process. (A deployed function
 * imports only its own operations, to keep its bundle small.)
 */
import type { CatalogueStore } from '../../store/catalogue-store';
import type { FunctionName } from '../routes';
import type { Operations } from '../handler';
import { catalogueReadOperations } from './catalogue-read';
import { catalogueWriteOperations } from './catalogue-write';

export const operationsOf: Record<FunctionName, (store: CatalogueStore) => Operations> = {
  catalogueRead: catalogueReadOperations,
  catalogueWrite: catalogueWriteOperations,
};
