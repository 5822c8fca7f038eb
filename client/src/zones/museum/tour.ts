/**
 * What the museum says: the guided tour's opening and closing words, and for each car of the
 * line-up its narration at its stop, the detail panel's facts and paragraph, and its long
 * story. Content, kept as data in this one module; the cars are the marque's own (fictional,
 * see assets/LICENSES.md), and the dimensions below are those of the cars as
 * assets/src/cars/models.ts builds them (its unit test holds them to it).
 */

/** A stop of the tour that stands before no car: the welcome and the farewell. */
export interface HallStopText {
  title: string;
  /** What the guide says there, a short paragraph. */
  narration: string;
}

/** Everything the museum tells about one car. */
export interface CarText {
  /** What the guide says at the car's stop: two to four sentences, spoken to the visitor. */
  narration: string;
  /** Body style, as a catalogue would name it. */
  body: string;
  /** Engine, as the detail panel lists it. */
  engine: string;
  /** Output, as the detail panel lists it. */
  power: string;
  /** Length, width, height and wheelbase in metres, as built. */
  dimensions: { length: number; width: number; height: number; wheelbase: number };
  /** The detail panel's short paragraph. */
  summary: string;
  /** The long story, paragraph by paragraph. */
  story: readonly string[];
}

export const TOUR_OPENING: HallStopText = {
  title: 'Welcome to the heritage hall',
  narration:
    'Six cars, nearly seventy years. They stand in the order they were born, the oldest by the entrance, ' +
    'left and right of the aisle, so that walking the hall is walking the marque’s life. We will stop before ' +
    'each of them. Choose Next when you are ready, Previous to go back, and Escape to leave the tour at any time.',
};

export const TOUR_CLOSING: HallStopText = {
  title: 'The whole line-up',
  narration:
    'Look back down the hall: from the ivory Spider by the door to the Astrale at your side, the same ideas ' +
    'return in every decade: a long bonnet, a low waist, paint you want to touch, and a cabin made for a long ' +
    'road. Walk back to any car and choose it to read its story, switch on its lamps or set it turning. ' +
    'Thank you for coming.',
};

/** The line-up's words, by car id (the manifest's and assets/src/cars/models.ts's). */
export const CAR_TEXTS: Readonly<Record<string, CarText>> = {
  'mistral-1957': {
    narration:
      'This is where it begins. The Mistral Spider of 1957 was the marque’s first road car: an open two-seater ' +
      'in Crème Ivoire, barely over four metres long, on forty-spoke wire wheels. Notice how the wings rise over ' +
      'the wheels and fall away again; there is hardly a straight line on it.',
    body: 'Open two-seater',
    engine: '2.6-litre straight-six, twin carburettors',
    power: '150 hp',
    dimensions: { length: 4.2, width: 1.68, height: 1.2, wheelbase: 2.36 },
    summary:
      'The first Marque for the road: a light open two-seater named after the cold wind that runs down the ' +
      'Rhône valley, built by hand in small numbers and raced at weekends by the people who bought it.',
    story: [
      'The Mistral was drawn in the winter of 1955 on the back of a coachbuilder’s order book. The workshop had ' +
        'spent ten years clothing other firms’ chassis; its founders wanted one car that was theirs from the ' +
        'radiator to the tail-lamps, and the Mistral was it.',
      'Its shape came from the wind tunnel of the local aviation school, borrowed at night. The rounded nose and ' +
        'the oval grille were there for cooling as much as for looks, and the wings were raised over the wheels ' +
        'so that the driver could place the car on a mountain road by the crowns of its fenders.',
      'Under the long bonnet sat a 2.6-litre straight-six with two carburettors, good for about 150 horsepower. ' +
        'That was modest even then; what made the Mistral quick was its weight. The body was hand-beaten ' +
        'aluminium over an ash frame, the windscreen a single framed pane, and the hood a canvas afterthought ' +
        'that most owners left at home.',
      'Fewer than three hundred were built between 1957 and 1962. Many of them were raced, on hill climbs and ' +
        'in the long-distance rallies of the Alps, and a surprising number survive, still on their wire wheels ' +
        'and cognac leather. The car in the hall wears its launch colour, Crème Ivoire, with chrome bumpers and ' +
        'round lamps; the marque has never quite stopped drawing those lamps since.',
    ],
  },
  'aurore-1964': {
    narration:
      'Seven years later the marque put a roof on. The Aurore Coupé of 1964 is a grand tourer: longer, with a ' +
      'fastback that runs in one line from the roof to the tail, and room for two and their luggage. ' +
      'Vert Forêt was its launch colour, chosen to look at home on a country road.',
    body: 'Fastback coupé, two seats and luggage',
    engine: '3.0-litre straight-six, triple carburettors',
    power: '210 hp',
    dimensions: { length: 4.45, width: 1.72, height: 1.27, wheelbase: 2.5 },
    summary:
      'The car that turned a maker of sports cars into a maker of grand tourers: a closed coupé for crossing ' +
      'a country in a day, fast, quiet for its time, and comfortable enough to arrive fresh.',
    story: [
      'By the early sixties the people who had raced Mistrals had families, careers and longer journeys. They ' +
        'wrote to the factory asking for a car with a roof, a heater that worked and a boot that took more than ' +
        'a toolkit. The answer was named after the dawn, the hour at which its owners were expected to set off.',
      'The Aurore kept the Spider’s face, its oval grille and round lamps, but stretched everything behind it. ' +
        'The wheelbase grew to two and a half metres, the cabin moved back, and the roof flowed into a fastback ' +
        'whose curve the designers adjusted by eye on a full-size plaster model for most of a year.',
      'The straight-six grew to three litres and gained a third carburettor, for about 210 horsepower and, more ' +
        'importantly, a long, even pull in top gear. The car was meant to cruise all day at speeds the new ' +
        'motorways allowed, and it did: a well-known magazine drove one from Paris to Nice between breakfast and ' +
        'an early dinner.',
      'Inside, the Aurore set the pattern for every Marque since: cognac leather, a wooden rim on the wheel, ' +
        'and instruments in chrome bezels set straight ahead of the driver. It stayed in production until 1971, ' +
        'longer than any Marque before it, in green, ivory, silver and red.',
    ],
  },
  'orage-1974': {
    narration:
      'And then, a storm. The Orage of 1974 threw away the curves: a wedge barely over a metre high, nearly two ' +
      'metres wide, with slim lamps, a sharp nose and an engine behind the seats. Orange Solaire was meant to ' +
      'be seen from a long way off, and it still is.',
    body: 'Mid-engined wedge coupé, two seats',
    engine: '3.5-litre V8, mounted behind the cabin',
    power: '300 hp',
    dimensions: { length: 4.25, width: 1.9, height: 1.08, wheelbase: 2.5 },
    summary:
      'The marque’s most radical car: a mid-engined wedge designed in the year of the oil crisis, when almost ' +
      'everyone told the factory not to build it. It is the car most visitors photograph first.',
    story: [
      'The Orage began as a show car. A young designer, newly arrived from an Italian studio, was given a corner ' +
        'of the workshop and three months to prepare something for the autumn salon. What came out was a wedge ' +
        'so low that the mechanics had to kneel to look through its windscreen.',
      'Everything about it broke with the Aurore. The windscreen was pulled far forward, almost over the front ' +
        'wheels, and laid nearly flat; the nose was a blade with slim lamps and an intake below; the roof ended ' +
        'in a long rear deck over a 3.5-litre V8 mounted behind the seats, for about 300 horsepower.',
      'The salon loved it, and the timing could hardly have been worse: that winter fuel was rationed and speed ' +
        'limits came down across Europe. The board met twice to cancel the car and twice failed to. It went on ' +
        'sale in 1974, with titanium-finished wheels and, instead of leather, a woven linen-coloured fabric that ' +
        'the designer insisted belonged in a modern car.',
      'The Orage was never comfortable and never easy to see out of, and owners forgave it both. It sold slowly ' +
        'and then, as the decade ended, all at once. Today it is the car children draw when asked to draw a ' +
        'Marque, even though it looks like no other car in the hall.',
    ],
  },
  'celeste-1988': {
    narration:
      'The Céleste V12 of 1988 is the Orage grown up. It keeps the wedge’s crisp lines and slim lamps, but puts a ' +
      'twelve-cylinder engine back in front, under a long raked bonnet, and adds a proper cabin. In Rouge ' +
      'Passion, on five-spoke wheels, it was the poster on many bedroom walls.',
    body: 'Front-engined grand tourer coupé',
    engine: '5.0-litre V12',
    power: '390 hp',
    dimensions: { length: 4.5, width: 1.88, height: 1.24, wheelbase: 2.6 },
    summary:
      'The marque’s first twelve-cylinder car, and its return to the front-engined grand tourer: as quick as ' +
      'the Orage, far easier to live with, and built for crossing a continent rather than a mountain pass.',
    story: [
      'The eighties brought back confidence, and with it a question the factory had avoided for years: could a ' +
        'Marque be both the fastest car on the road and the one you would choose for a thousand-kilometre day? ' +
        'The engineers answered with an engine before they had a car: a five-litre V12.',
      'The design team kept what the Orage had taught them, the sharp edges, the slim lamps, the intake instead ' +
        'of a grille, and gave the new car a long bonnet again, raked down towards a low nose. The cabin sat ' +
        'further back and higher than the Orage’s, with room for luggage behind the seats and a view out ' +
        'in every direction.',
      'With about 390 horsepower, the Céleste was the first Marque to pass 280 km/h, and it did so quietly. ' +
        'Owners drove them to the Arctic Circle and to the southern tip of Spain, and the factory began its first ' +
        'customer tours, taking buyers across the Alps in convoy to collect their cars.',
      'It was built until 1996, in red, black, pearl white and silver, with black or chalk leather. Red calipers ' +
        'were an option that almost everyone chose. The Céleste in the hall wears the launch colour, Rouge ' +
        'Passion, and the dark chrome that replaced bright chrome on every Marque from then on.',
    ],
  },
  'sillage-2009': {
    narration:
      'The longest car in the hall is also the most practical. The Sillage Break of 2009 is a shooting brake: a ' +
      'grand tourer with a long roof and a tailgate, nearly five metres of it, in Bronze Sable. It was built for ' +
      'owners who wanted to take the dog, the skis and the long way home.',
    body: 'Shooting brake, four seats and a tailgate',
    engine: '4.4-litre twin-turbo V8',
    power: '520 hp',
    dimensions: { length: 4.95, width: 1.95, height: 1.4, wheelbase: 2.95 },
    summary:
      'A grand tourer with an estate’s roof: four seats, a tailgate and a long flat floor, on the marque’s ' +
      'longest wheelbase, with the performance of its coupés. The name means the wake a fast boat leaves.',
    story: [
      'The Sillage was born from a habit: for years, the marque’s best customers had been commissioning ' +
        'coachbuilders to cut the roofs off their coupés and weld on long estate tails. The factory decided ' +
        'that if its cars were going to be turned into shooting brakes, it should do it itself, and do it properly.',
      'It needed a new platform to do it. The wheelbase grew to nearly three metres, which gave the rear seats ' +
        'real legroom and kept the long roof in proportion. That roof runs two metres from the windscreen to the ' +
        'tailgate before it drops, and the designers spent longer on the last fifty centimetres of it than on the ' +
        'rest of the car.',
      'Under the bonnet, a 4.4-litre twin-turbocharged V8 gave about 520 horsepower, fed to all four wheels. ' +
        'Forged graphite wheels, brushed titanium trim and cognac or chalk leather made it the most understated ' +
        'Marque yet; the bronze of its launch paint was mixed to match an old leather saddle in the chief ' +
        'designer’s office.',
      'The Sillage sold more than any Marque before it, and changed who bought the cars: families, architects, ' +
        'people who had never owned a sports car and did not think of the Sillage as one. Many of them have gone ' +
        'on to own an Astrale.',
    ],
  },
  'astrale-2025': {
    narration:
      'And here is the marque today. The Astrale GT of 2025 is the current model, and the only car in the hall ' +
      'you can order: every paint, wheel, caliper, interior and trim in the catalogue is offered on it. Its ' +
      'lines go back to the Aurore across the aisle: a long bonnet, a fastback, and slim lamps from the Orage.',
    body: 'Fastback grand tourer, 2+2',
    engine: '3.0-litre twin-turbo V6 and two electric motors, plug-in hybrid',
    power: '680 hp combined',
    dimensions: { length: 4.6, width: 1.94, height: 1.29, wheelbase: 2.76 },
    summary:
      'The current Marque: a plug-in hybrid grand tourer that can cross a city in silence and a continent in ' +
      'a day. Each one built has a digital twin, a token that follows the car from the factory line to its owner.',
    story: [
      'The Astrale was drawn to answer a question the Sillage had raised: what should a Marque be when the ' +
        'road itself is changing? The designers went back to the hall, to the Aurore in particular, and started ' +
        'from its proportions: the cabin set well back, a fastback falling in a single line, the wheels pushed ' +
        'out to the corners.',
      'Beneath it, a 3.0-litre twin-turbocharged V6 works with two electric motors, one on each axle, for about ' +
        '680 horsepower together. In town it runs on electricity alone and makes no sound but its tyres; on the ' +
        'open road the engine wakes so smoothly that most drivers only notice it on the screen.',
      'It is also the most personal Marque ever built. Every paint in the catalogue is offered, from Bleu Minuit, ' +
        'its launch colour, to Graphite Mat; so are the wheels, the calipers, the leathers and the trims, and ' +
        'owners can try them all on their own car in the garage before they decide.',
      'And each Astrale is born twice. When an order is placed, the marque mints the car’s digital twin, a token ' +
        'that follows it through the body shop, paint and assembly, records every service at a dealer, and passes ' +
        'to the next owner with the keys. The car you see here is the one the world saw at its premiere in the ' +
        'launch arena.',
    ],
  },
};

/** The museum's words for a car, or undefined for a car this module does not describe yet. */
export function carText(carId: string): CarText | undefined {
  return Object.hasOwn(CAR_TEXTS, carId) ? CAR_TEXTS[carId] : undefined;
}

/**
 * What is missing or wrong in the museum's words for the given cars, one sentence each (empty
 * when all is well): a car without text, an empty field, a story of fewer than three
 * paragraphs, a narration too long to read at a stop.
 */
export function checkTourContent(carIds: readonly string[]): string[] {
  const problems: string[] = [];
  const hall = { opening: TOUR_OPENING, closing: TOUR_CLOSING };
  for (const [name, stop] of Object.entries(hall)) {
    if (!stop.title.trim() || !stop.narration.trim()) problems.push(`the tour's ${name} stop has an empty title or narration`);
  }
  for (const id of carIds) {
    const text = carText(id);
    if (!text) {
      problems.push(`the car "${id}" has no text; add it to CAR_TEXTS in client/src/world/museum/tour.ts`);
      continue;
    }
    for (const field of ['narration', 'body', 'engine', 'power', 'summary'] as const) {
      if (!text[field].trim()) problems.push(`the car "${id}" has an empty ${field}`);
    }
    if (text.narration.length > 420) problems.push(`the car "${id}"'s narration is ${text.narration.length} characters; keep it under 420 to read at a stop`);
    if (text.story.length < 3 || text.story.some((paragraph) => paragraph.trim().length < 80)) {
      problems.push(`the car "${id}"'s story needs at least three paragraphs of some length`);
    }
  }
  return problems;
}
