/**
 * Function words and newsroom boilerplate that say nothing about which event a text reports. Stored already
 * normalised and stemmed (see `toStems`), checked after stemming.
 */
import { normalizeArabic, tokenize } from '../shared/text/normalize-arabic.js';
import { stemToken } from './light-stem.js';

const ARABIC = `في من على الى إلى عن ان أن إن او أو ما لا لم لن قد هذا هذه ذلك تلك هو هي هم التي الذي الذين اللذين كان كانت
يكون تكون مع بين بعد قبل عند حتى ثم كما كل بعض غير اي أي اذا إذا لكن بل حيث منذ خلال ضمن نحو لدى عبر وفق وفقا حول ازاء
وقال قال قالت يقول وأكد اكد أكد أكدت وأضاف اضاف أضافت وأشار اشار أشار أشارت ذكر ذكرت وذكر أوضح اوضح وأوضح تابع تابعت
وتابعته اليوم أمس غدا الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت يوم عام العام الماضي المقبل الحالي
خبر اخبار أخبار الخبر التفاصيل تفاصيل المصدر مصدر مصادر وكالة وكالات نيوز موقع صحيفة قناة المزيد اقرأ أيضا ايضا
وهو وهي وفي ومن وعلى وان وأن وقد ولم ولا وما وكان وكانت فيه فيها منه منها عليه عليها اليه إليه لها له لهم بها به`;

const ENGLISH = `the a an and or but of to in on at by for from with as is are was were be been being has have had do does did
it its this that these those he she they them his her their we our you your i not no so if than then there here which who
whom whose what when where why how all any some more most other such only own same too very can will would should could
may might must also into over after before about against between during under again further once said says say told
according news reported report reuters afp ap read more click share`;

/** The stopword stems. */
export const STOP_STEMS: ReadonlySet<string> = new Set(
  tokenize(normalizeArabic(`${ARABIC} ${ENGLISH}`)).map(stemToken),
);
