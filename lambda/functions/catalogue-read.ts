/** Lambda entry: public reads of the catalogue (read-only table grants). */
import { createHandler } from '../api/handler';
import { catalogueReadOperations } from '../api/operations/catalogue-read';
import { apiFunctionEnvironment } from './api-environment';

const { stores, settings } = await apiFunctionEnvironment();
export const handler = createHandler(catalogueReadOperations(stores), settings);
