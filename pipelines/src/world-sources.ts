import { buildCar } from '../../assets/src/cars/build-car';
import { CAR_MODELS } from '../../assets/src/cars/models';
import type { AssetSource } from './session';

/** Everything the world publishes by default: the marque's cars, in the museum. */
export const WORLD_SOURCES: readonly AssetSource[] = CAR_MODELS.map((model) => ({
  id: model.id,
  name: model.name,
  year: model.year,
  zone: 'museum',
  build: () => buildCar(model.params),
}));
