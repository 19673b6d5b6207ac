/** Lambda entry: public reads of the catalogue (read-only table grants). */
import { createHandler } from '../api/handler';
import { catalogueReadOperations } from '../api/operations/catalogue-read';
import { handlerSettingsFromEnvironment, storesFromEnvironment } from './environment';

export const handler = createHandler(catalogueReadOperations(await storesFromEnvironment()), handlerSettingsFromEnvironment());
