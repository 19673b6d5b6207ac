/** Lambda entry: admin writes to the catalogue. */
import { createHandler } from '../api/handler';
import { catalogueWriteOperations } from '../api/operations/catalogue-write';
import { storeFromEnvironment } from './environment';

export const handler = createHandler(catalogueWriteOperations(storeFromEnvironment()));
