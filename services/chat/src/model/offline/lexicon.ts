/**
 * Words the recogniser listens for. A typed word within a typo or two of one of these (and not a
 * real word of its own, see PROTECTED) is read as it: "remnd" is "remind", "taks" is "task".
 */
export const COMMAND_WORDS: readonly string[] = [
  'remind', 'reminder', 'reminders', 'alarm', 'alert', 'notify', 'nudge', 'ping', 'forget', 'remember',
  'task', 'tasks', 'todo', 'todos', 'list', 'lists', 'checklist', 'create', 'add', 'make', 'new', 'put', 'jot', 'note', 'track', 'schedule',
  'show', 'display', 'pending', 'open', 'left', 'remaining', 'outstanding', 'overview',
  'complete', 'completed', 'finish', 'finished', 'done', 'mark', 'tick', 'check', 'cross', 'close',
  'upload', 'attach', 'link', 'file', 'send',
  'upgrade', 'premium', 'subscribe', 'subscription', 'checkout', 'membership', 'plan', 'paid',
  'change', 'update', 'set', 'rename', 'switch', 'timezone', 'zone', 'company', 'display', 'profile',
  'search', 'memory', 'mentioned', 'mention', 'told', 'said', 'notes', 'earlier',
  'please', 'could', 'would', 'should',
];

/** Date words chrono must see spelled right. */
export const DATE_WORDS: readonly string[] = [
  'tomorrow', 'today', 'tonight', 'yesterday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'morning', 'afternoon', 'evening', 'midnight', 'minutes', 'minute', 'hours', 'weekend', 'weeks', 'months',
];

export const ABBREVIATIONS: Readonly<Record<string, string>> = {
  tmrw: 'tomorrow', tmr: 'tomorrow', tmrow: 'tomorrow', tmoro: 'tomorrow', tomoz: 'tomorrow', '2moro': 'tomorrow', '2morrow': 'tomorrow', '2mrw': 'tomorrow', '2morow': 'tomorrow',
  tonite: 'tonight', '2nite': 'tonight', '2day': 'today', tdy: 'today',
  u: 'you', ur: 'your', pls: 'please', plz: 'please', thx: 'thanks', thanx: 'thanks', ty: 'thanks',
  mins: 'minutes', min: 'minutes', hrs: 'hours', hr: 'hour', wk: 'week', wks: 'weeks', wknd: 'weekend',
  mon: 'monday', tue: 'tuesday', tues: 'tuesday', wed: 'wednesday', weds: 'wednesday', thu: 'thursday', thur: 'thursday', thurs: 'thursday', fri: 'friday',
  jan: 'january', feb: 'february', apr: 'april', jun: 'june', jul: 'july', aug: 'august', sep: 'september', sept: 'september', oct: 'october', nov: 'november', dec: 'december',
  todolist: 'todo list', 'to-do': 'todo', 'to-dos': 'todos', 'todo-list': 'todo list', 'time-zone': 'timezone', tz: 'timezone',
  wanna: 'want to', gonna: 'going to', gotta: 'got to', lemme: 'let me',
  msg: 'message',
};

/** Real words near a command word: never "corrected" ("lost" is not "list", "Marc" is not "mark"). */
export const PROTECTED: ReadonlySet<string> = new Set([
  'dont', 'doesnt', 'didnt', 'wont', 'cant', 'isnt', 'arent', 'wasnt', 'shouldnt', 'wouldnt', 'couldnt', 'havent', 'hasnt', 'nope',
  'remainder', 'remaining', 'lost', 'last', 'lust', 'lift', 'lint', 'lest', 'shoe', 'shop', 'slow', 'snow', 'stow', 'unload', 'marc', 'mary', 'mask', 'mart', 'mars',
  'task', 'tusk', 'toad', 'told', 'sold', 'fold', 'file', 'fine', 'five', 'line', 'lime', 'like', 'link', 'pink', 'wink', 'note', 'nose', 'vote', 'mate', 'made', 'male',
  'pint', 'pine', 'plant', 'plans', 'plane', 'paid', 'pain', 'said', 'sail', 'open', 'oven', 'omen', 'left', 'lent', 'lend', 'loft', 'dine', 'done', 'dome', 'zone', 'bone', 'tone',
  'check', 'cheek', 'chick', 'close', 'clothes', 'cloth', 'chose', 'show', 'shower', 'send', 'sand', 'seed', 'lend', 'tend', 'mend', 'new', 'news', 'knew', 'now', 'add', 'odd',
  'set', 'sit', 'sat', 'put', 'pot', 'pat', 'pet', 'make', 'mike', 'take', 'rake', 'cake', 'lake', 'wake', 'bake', 'fake', 'sake', 'track', 'truck', 'trick', 'trace',
  'plan', 'clan', 'flan', 'paid', 'pair', 'parking', 'park', 'marking', 'market', 'marked', 'marker', 'dark', 'bark', 'mark', 'work', 'word', 'worn', 'memo', 'more',
  'search', 'starch', 'month', 'mouth', 'moth', 'hours', 'house', 'horse', 'hour', 'four', 'your', 'pour', 'tour', 'sour', 'weak', 'week', 'peak', 'seek', 'minute', 'minuet',
  'mourning', 'morning', 'today', 'toady', 'evening', 'even', 'event', 'events', 'chase', 'phase', 'plain', 'piano', 'alter', 'after', 'alert', 'alarm', 'forget', 'target',
  'remember', 'member', 'members', 'timer', 'times', 'time', 'finish', 'finnish', 'fish', 'paste', 'taste', 'waste', 'haste', 'post', 'most', 'host', 'cost',
  'checkout', 'checked', 'cheque', 'pending', 'spending', 'sending', 'ending', 'bending', 'lending', 'tending', 'mending', 'memory', 'mercy', 'company', 'complete',
  'update', 'upset', 'updated', 'profile', 'profit', 'display', 'dismay', 'switch', 'swatch', 'stitch', 'notes', 'votes', 'nodes', 'earlier', 'early', 'mention',
  'fiddle', 'rename', 'remain', 'remains', 'tasty', 'taste', 'premise', 'promise', 'premium', 'subscribe', 'describe', 'attach', 'attack', 'upload', 'deadline',
]);
