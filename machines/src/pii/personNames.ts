/**
 * Common given names in England, Wales and Jersey (ONS baby-name lists across the decades), lower
 * case. Names that are also ordinary English or social-care words (will, mark, grace, hope, may,
 * june, dawn, rose, sue, frank, bill...) are left out on purpose: a label such as "Will review" or
 * "Grace period" must not be refused. The PII detector uses the list only in pairs (a given name
 * next to another word), so a single name on its own is never enough.
 */
export const GIVEN_NAMES: ReadonlySet<string> = new Set(
  `aaliyah aaron abbie abby abdul abdullah abigail adam adrian aidan aiden aisha alan albert alex alexander
alexandra alexis alfie alfred ali alice alicia alison amanda amelia amelie amir amy andrea andrew angela
anna anne annie anthony antonio archie arthur asher ashley aurora ava ayesha barbara beatrice
bella ben benjamin bethany betty beverley billy bobby bradley brandon brenda brian bethan caitlin callum
cameron carl caroline carly carmen catherine charles charlie charlotte chelsea chloe chris christina
christine christopher claire clara colin connor craig daisy damian daniel daniela danielle darren david
debbie deborah declan denise dennis derek diana diane dominic donna dorothy dylan edward eleanor elena
eliza elizabeth ella ellie elliot elliott elsie emily emma eric erin esme ethan eugene evelyn evie
ewan fatima felix fiona florence francesca freddie frederick freya gabriel gary gavin gemma george
georgia gerald gillian gordon graham hannah harley harper harriet harrison harry harvey hayley hazel
heather helen henry hollie holly hugo ian imogen isaac isabel isabella isabelle isla isobel ivan jack
jackson jacob jacqueline jake james jamie jane janet janice jasmine jason jay jayden jean jennifer jenny
jeremy jessica jill joan joanna joanne jodie joe joel john johnny jonathan jordan joseph joshua judith
julia julian julie justin karen kate katherine kathleen kathryn katie kayla keith kelly kenneth kerry
kevin kieran kirsty kyle laura lauren layla leah leo leon leonardo lewis liam lilly linda lisa logan
lola louis louise lucas lucy luke lydia maisie malcolm mandy margaret maria marie martin mary
maryam mason matilda matthew maureen megan melissa mia michael michelle millie mohammad mohammed
molly muhammad nancy naomi natalie natasha nathan neil nicholas nicola nicole niamh noah norman oliver
olivia oscar owen paige pamela patricia patrick paul paula pauline peter philip phoebe phoenix poppy
rachel rebecca reuben rhys richard riley robert robyn ronald rosie ross ruth ryan sadie sally
samantha samuel sandra sarah scarlett sean shannon sharon sheila shirley sienna simon sofia sophia
sophie stacey stanley stella stephanie stephen steven stuart susan suzanne sylvia tanya teresa thea
theo theodore thomas tiffany timothy tina toby tom tommy tony tracey tracy tyler valerie vanessa
vera veronica victoria vincent wayne wendy william yasmin yusuf zachary zara zoe`.split(/\s+/),
);

/**
 * The commonest surnames in England, Wales and Jersey, lower case, again without the ones that are
 * ordinary words (brown, green, white, young, king, hill, wood, hall, cook, baker...).
 */
export const SURNAMES: ReadonlySet<string> = new Set(
  `smith jones williams taylor davies evans wilson thomas johnson roberts robinson thompson wright walker
edwards hughes lewis jackson harris clarke clark patel khan ahmed hussain begum singh kaur murphy obrien
kelly mccarthy macdonald mcdonald campbell stewart anderson scott morris morgan phillips davis mitchell
watson parker bennett harrison lloyd griffiths jenkins rees richardson carter collins kennedy
allen jenkinson atkinson holmes simpson marshall wallace gibson dixon fletcher pearson palmer
robertson russell lawrence ellis webb chapman mills powell rogers mason saunders stevens fisher
hamilton reynolds graham murray ferguson mcgregor oconnor gallagher doherty quinn nguyen kowalski
nowak lebrun renouf lesueur`.split(/\s+/),
);

/**
 * Common surnames that are also ordinary words, left out of SURNAMES: never a name on their own or
 * after a word ("Brown envelope"), but joined to a given name in one token (`oliverbrown`) they are.
 */
export const WORD_SURNAMES: ReadonlySet<string> = new Set(
  `brown green white young king hill wood hall cook baker turner ward cooper bell shaw price bailey
gray grey knight marsh lane ball hunt cole long page rose stone webster wells west walsh porter`.split(/\s+/),
);

/**
 * English words that split into a given name and a surname, or an initial and a surname, yet are no
 * name: `fallen` (f + allen), `trees` (t + rees), `hollywood` (holly + wood). Found by running the
 * joined-name rule over an English word list (British and American, about 100,000 words).
 */
export const NOT_JOINED_NAMES: ReadonlySet<string> = new Set([
  'crees',
  'fallen',
  'frees',
  'trees',
  'hollywood',
  'jaywalker',
]);

/** Forms of address that, before a word, make it a person: "Mr Kowalski", `mrs_jones`. */
export const TITLES: ReadonlySet<string> = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr']);

/** Short words that join phrases; a given name next to one of them is not a full name. */
export const JOINING_WORDS: ReadonlySet<string> = new Set(
  'a an and as at by for from in is no not of on or per the to via with s'.split(' '),
);
