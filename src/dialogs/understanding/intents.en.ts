import type { Renewal } from '../../domain/types.js';
import type { IntentTable } from './intent-table.js';
import { phrase as p, whole as w } from './normalise.js';

const renewalWords = new Map<string, Renewal>([
  ['annual', 'annual'], ['annually', 'annual'], ['yearly', 'annual'],
  ['monthly', 'monthly'],
]);

const planWords = new Map<string, string>([
  ['meet', 'meet'], ['meetings', 'meet'], ['calling', 'call'], ['suite', 'suite'], ['enterprise', 'enterprise'],
  ['telephony', 'call'],
]);

export const EN: IntentTable = {
  yes: [
    'yes', 'y', 'yeah', 'yea', 'yep', 'yup', 'ya', 'sure', 'of course', 'ok', 'okay', 'k', 'kk', 'alright', 'all right',
    'correct', 'right', 'thats right', 'that is right', 'thats correct', 'that is correct', 'absolutely', 'definitely',
    'please do', 'go ahead', 'do it', 'confirm', 'confirmed', 'i confirm', 'i do', 'agree', 'i agree', 'agreed',
    'accept', 'i accept', 'accepted', 'fine', 'sounds good', 'looks good', 'looks right', 'perfect', 'great',
    'yes add it', 'add it', 'yes i want it', 'i want it', 'sure why not', 'why not', 'yes it is', 'yes correct',
    'that works', 'works for me', 'affirmative', 'yes i accept', 'yes i agree', 'i accept all', 'i agree to all',
    'go for it', 'sure thing', 'yes please', 'yep all correct', 'all correct', 'all good', 'yes definitely', 'of course yes',
  ],
  no: [
    'no', 'n', 'nope', 'nah', 'no way', 'not really', 'dont', 'i dont', 'negative', 'wrong', 'incorrect', 'thats wrong',
    'that is wrong', 'not correct', 'skip', 'skip it', 'no need', 'not needed', 'i dont need it', 'dont need it',
    'i dont want it', 'dont want it', 'without it', 'not now', 'nothing', 'i decline', 'decline', 'i disagree',
    'i do not', 'i do not accept', 'i dont accept', 'i dont agree', 'no i dont', 'not interested', 'pass',
    'absolutely not', 'definitely not', 'ill pass', 'i ll pass', 'pass on that', 'ill pass on that', 'maybe later', 'not for now',
    'not yet', 'nope not ready', 'not ready', 'no need for it', 'we dont need it', 'no not needed',
  ],
  filler: ['please', 'pls', 'thanks', 'thank', 'you', 'thx', 'ty', 'then', 'well', 'hmm', 'um', 'oh', 'actually'],
  help: [w('help|help me|i need help|what can i (say|do)|what are my options|options|how does (this|it) work|i dont understand|i dont get it|what do you mean|huh|what|explain|\\?'),
    p('who needs a licen[cs]e|what is a licen[cs]e|what does (this|that) mean'),
    // Lost in the conversation itself, not asking about the product.
    w('menu|lost|confused|(im|i am) (lost|confused)|(im|i am) (so )?(lost|confused)( here)?'),
    p('what (do|should|can|am|must) i (supposed to |meant to )?(do|type|write|say|enter|put|answer)( here| now| next)?$|no idea what (youre|you are|this is|you mean)|(im|i am) (totally |so |a bit )?(lost|confused)|what (are you|is this) asking')],
  back: [w('back|go back|step back|previous|previous step|previous question|undo|one step back|back one step|return|go back one step'),
    // "go back, I typed the wrong email", "wait go back to plans": the message opens with going back.
    p('^((wait|oops|sorry|no|hmm|um|please|pls|oh) )*(go|step|take me|get me) back|^back to (the )?(previous|last|plans?|renewal|licen[cs]es|seats|users|callback|email)')],
  cart: [w('cart|basket|my cart|my order|order summary|summary|total|the total|price|prices'),
    p('show (me )?(the |my )?(cart|basket|order|summary|total)|whats in (my|the) (cart|basket|order)|how much (is it|does it cost|will it cost|in total|altogether)|see (the |my )?(cart|order)|view (the |my )?(cart|order)'),
    p('what (i|we) (have )?(picked|chosen|selected|ordered|got)( so far)?|(go )?back to (the |my )?cart|(show|see|view) (me )?(the |my )?(draft|order)|what (did i have|was|is) in (the |my )?(cart|order)|how much (was|is) (it|that|the order)( in total| altogether)?')],
  restart: [w('restart|reset|start over|start again|begin again|from scratch|lets start over|start from scratch|start from the beginning|start all over( again)?'),
    p('start over|start from scratch|from the beginning|start all over|start again|from scratch|(go )?back to the (start|beginning)'),
    // "resume or restart?": named as one of two choices (see the resume table)
    p('(or|and|vs|versus) (restart|reset|start fresh)|(restart|reset) (or|vs|versus)'),
    p('redo (this|it|everything|the order)|begin again|scrap (it|this|the old one|the draft)|restart (the |my )?(order|purchase|whole thing)'),
    p('reset (everything|it all|the order|all)|new order( from scratch)?|(start|begin) (a )?new order')],
  cancel: [w('cancel|stop|quit|exit|abort|never ?mind|forget it|forget about it|i changed my mind|changed my mind|cancel (it|the order|my order|everything|the purchase)|i give up|not interested anymore'),
    p('cancel (the|my) (order|purchase|upgrade)'),
    p('(cancel|abort|quit|stop) (the |my |this )?(whole thing|order|purchase|upgrade|it all|everything|this)|^forget it|not today'),
    // "cancel, too expensive": the command, then why (not "cancel callback", which is an edit).
    p('^(cancel|stop|quit|abort)( it| this| that| everything| all)? (too|not|i|we|its|this|changed|never|forget|bye|sorry|thanks|please)'),
    w('bye|goodbye|bye bye|see you|see ya|cya|i want out|get me out( of here)?|im out|i am out'),
    p('(no thanks|no thank you|ok|okay|thanks|thank you) (bye|goodbye)$|(dont|do not) want to (do|continue|finish|buy) (this|it|any of this)( anymore)?|(dont|do not) want (this|it) anymore|i want out|(not going to|not gonna|wont|will not) (buy|order|pay|purchase)( it| this| anything)?$'),
    // Putting it off ("I'll come back later") keeps the draft; "let me think" alone only pauses, and cancels nothing.
    p('never ?mind (all )?(this|it|that|the order)|pause (this|it|the order)|come back (to (it|this) )?(later|tomorrow|next week)|(think|check|talk|discuss|consult) .*(and|then) (come|get) back')],
  resume: [w('resume|continue|go on|carry on|continue (my|the) order|pick up where (i|we) left( off)?|where were we|lets continue'),
    p('continue (my|the) (order|purchase|upgrade)|resume (my|the) (order|purchase|upgrade)|where (i|we) left off'),
    p('un ?cancel|(finish|complete) (buying|the purchase|my order|the order|it)|(were|we are|lets) go(ing)? ahead|lets go again|(changed|change) my mind|(im|i am|we are|were) back|lets (continue|carry on|go on|keep going|pick (it|this) (back )?up|resume|get back to it)|(continue|carry on|pick up) (from )?where|back to (my|the|our) (order|purchase)|(ready|want) to (continue|resume|carry on)'),
    w('proceed|keep going|lets proceed|continue please|pick it up again'), p('^(resume|continue|carry on|go on|proceed|lets (continue|resume|keep going))')],
  toEnglish: [w('english|in english|english please|speak english|switch to english|can we speak english|do you speak english|lets speak english|change (the )?language to english|en'),
    p('(speak|write|reply|answer|talk|continue|switch) (to |in )?english|in english')],
  toRussian: [w('russian|in russian|russian please|speak russian|switch to russian|ru'),
    p('(speak|write|reply|answer|talk|continue|switch) (to |in )?russian|in russian|(on|to|into) russian|russian (language|pls|please)')],
  human: [w('human|agent|operator|representative|a human|a person|real person|a real person|live agent|sales|salesperson|live chat|support'),
    p('(talk|speak|chat) (to|with) (a |an |the |some |someone |somebody )*(person|human|agent|sales( team| rep| person)?|someone|somebody|representative|rep|operator|manager|real person|live person)'),
    // "our sales team" is who the licences are for, not whom to talk to.
    p('(contact|call|reach) sales|(?<!(our|my|whole|entire|for|the) )sales (rep|representative|team|person|department)|real (person|human)|live (agent|person)|(get|give) me (a )?(person|human|agent)|connect me (to|with)'),
    w('person|customer (service|support|care)|support team|help ?desk|tech support'),
    p('customer (service|support|care)|(call|ring|phone) (me|us) (back|at|on|about|asap|now|please|pls|today|tomorrow)|(call|ring|phone) (me|us)$|(reach|contact|email) (me|us) (at|on|by|via)|(someone|somebody|sales|an agent|a person|a human|a rep) (from sales )?(to |could |can |please )?(call|phone|ring|email|contact|reach) (me|us)'),
    p('(a |an |some |real |actual )?(person|human|agent|someone|somebody|rep|representative) (chat|talk|speak|help|call|contact|email|reach|get back) (with |to )?(me|us)')],
  frustration: [
    // A buyer who is fed up should not have to find the magic words.
    p('(this|you|it|bot) (is |are |re )?(useless|stupid|dumb|pointless|ridiculous|a joke|not helping|no help|hopeless|broken)|(useless|stupid|dumb|terrible|awful) (bot|thing|machine)|you (dont|do not|clearly dont|just dont) (understand|get it|listen)|(im|i am) (so )?(frustrated|fed up|annoyed|tired of this)|(get|fetch|find) me (someone|somebody|anyone)|(talk|speak) to (someone|somebody|anyone)|is (there )?(anyone|anybody|someone|a person|a human) (there|here|around|real)|(can|could|may) i (talk|speak|chat) (to|with)|waste of (my )?time|wtf|for fucks sake|ffs|(a |real |actual )?(person|human) (pls|please|now)|(get|give|want|need) (me )?(an? )?(agent|human|person|sales|representative|rep)|help from (a |an |some )?(person|human|agent|real person)|someone help|(give|get) me (someone|somebody|your (manager|supervisor|boss))|(your|a) (manager|supervisor)|not (talking|giving \\w+ \\w+) to a (robot|bot|machine)'),
    p('(not|isnt|arent|never) (very |at all )?(helpful|helping|useful)|unhelpful|pathetic|(you|bots?|this thing|it) (never|dont|do not|cant|cannot|just dont) (understand|get)|(taking|takes) (forever|so long|too long|ages)|this sucks|you suck|useless|hopeless')],
  forget: [w('forget me|forget about me|forget everything about me|right to be forgotten|gdpr|erase me|delete me'),
    p('(delete|erase|remove|wipe|purge|clear|destroy) (all )?(of )?(my|our) (personal )?(data|information|info|details|conversation|chat|chat history|history|messages|answers)|forget (me|about me|everything about me|my (data|details|information))|right to be forgotten'),
    p('delete (everything|all)( you have| you know)? (about|on) me|delete my (draft and )?(my )?data')],
  taxExempt: [p('non ?profit|not for profit|charity|charitable (organi[sz]ation|trust)|school district|public school|government (agency|office|department|organi[sz]ation)|state agency|federal agency|municipality|501 ?c ?3|tax ?exempt|exempt from (sales )?tax|(dont|do not|never) pay (sales )?tax(es)?|no sales tax|ngo')],
  taxExemptMaybe: [p('university|college|school|church|hospital|library|government')],
  taxNegation: p('not a|not an|arent a|are not a|isnt a|is not a|not|no longer'),
  start: [w('upgrade|i want to upgrade|id like to upgrade|upgrade (my )?(account|webex|plan)|hi|hello|hey|hi there|hello there|good (morning|afternoon|evening)|start|get started|lets start|begin|subscribe|paid plan|buy a plan|i want a paid plan|i want to buy( a plan| webex)?|plans|pricing|show (me )?(the )?plans|what plans do you have|upgrade webex'),
    p('upgrade (to a |to )?(paid|pro|premium)|want to upgrade|like to upgrade|paid (plan|subscription)|upgrade (our|my|the) (free )?(account|webex|plan|subscription)'),
    // A greeting opens a conversation whatever follows it (answers in the same message are read first).
    p('^(hi|hello|hey|hiya|yo|howdy|greetings|good (morning|afternoon|evening|day))( there| all| team| guys)?|(i|we) (would like|want|need|d like) (to (buy|get|purchase) )?webex'),
    p('(new|another|second|one more) (order|purchase|subscription)|(buy|get|purchase|order) (another|a second|one more|a new|a separate) (plan|subscription|account)|upgrade (another|a second|one more|my other|a different|the other|our other) (account|site|team|workspace|org)')],
  checkout: [w('go|go on|lets go|checkout|check out|continue|continue to checkout|buy|buy it|buy now|place it|place (the )?order|order|order it|proceed|proceed to (checkout|payment)|purchase|pay|go to checkout|lets do it|thats all|done|complete (the )?(order|purchase)|finish'),
    p('check ?out|place (it|the order|my order)|proceed to (checkout|payment)|buy (it|now|this)|complete (the |my )?(order|purchase)'),
    p('(lets|let us) (go|pay|finish( this| it)?|proceed|do (it|this)|wrap (it|this) up)|ready( to (pay|buy|order|go|proceed|check ?out))?|confirm (the |my )?(order|purchase)|finali[sz]e|(all|looks|everything|that s|thats) (good|correct|right|fine)( to me)?|everything checks out|(sure|ok|okay|yes|approved|go ahead)( and)? proceed|^next$|^done$')],
  resend: [w('resend|resend (it|the code)|send (it )?again|send (me )?(a )?new code|new code|another code|i didnt get (it|the code|a code)|didnt get (it|the code)|no code|code (didnt|never) (come|arrive)|send (the )?code again|send another( one| code)?'),
    p('send (it |the code |me the code |a code )?again|new code|another code|(didnt|did not|never) (get|receive|arrive|come)|resend|code (has |is )?(expired|timed out|no longer works)')],
  retryPayment: [w('try again|retry|again|new link|another link|send (a |me a )?new link|pay again|retry payment|try (the )?payment again|(the )?link (expired|doesnt work|is broken)'),
    p('try again|new (payment )?link|another link|retry|pay again|link (says |is |has )?(expired|dead|broken|doesnt work|not working)|(get|send|have|give) (me |us )?a new one|another card|different card')],
  sameAsBilling: [w('same|same as billing|same as (the )?billing( address)?|same address|the same|same one|use (the )?(same|billing)( address)?|its the same|identical'), p('same as (the )?billing|same address')],
  keepWaiting: [w('wait|keep waiting|ill wait|i will wait|i can wait|i ll wait|still waiting|i dont mind waiting|happy to wait'), p('keep waiting|(ill|i will|i can|happy to) wait'),
    // Checking on the queue is waiting on too: the bot says where the request stands.
    p('(still )?waiting$|^(ok|okay|fine|sure|alright|no problem) (ill |i will )?(wait|waiting|hold)|(anyone|anybody|someone|somebody) (there|here|around|available)|whats the status|status( update)?$|any (news|update|updates)( yet)?$|(taking|takes) (forever|so long|too long|ages|a while)|how much longer|still (nobody|no one|waiting)|where is (the |my |everyone|everybody)(agent|rep|person|sales)?')],
  leaveHandoff: [w('back to (the )?bot|bot|talk to (the )?bot|return to (the )?bot|go back to (the )?bot|leave|i want the bot'), p('back to (the )?bot|return to (the )?bot'),
    p('(continue|finish|carry on|go on|keep going|proceed|do it|order) (with|using|through|via) (the )?bot|(dont|do not|no longer) need (sales|an agent|a person|a human|anyone|a rep)|(done|finished) with (sales|the agent|the rep)|cancel (the|my|this) (request|handoff|call|callback)|never ?mind (the |about )?(sales|agent|person|human|rep)')],
  contactCue: [p('(call|ring|phone|text|email|e mail|mail|contact|reach) (me|us)|my (number|phone|cell|mobile|email|e mail)|(number|phone|cell) is')],
  changeOrder: [p('change|switch|make it|make that|instead|rather|update|upgrade|downgrade|go with|add|remove|drop|increase|decrease|reduce|bump|cancel|more|fewer|less|want|wanna|need|would like|id like|buy|order|purchase')],
  aboutTheWait: [p('how long (is the|will the|of a|is this|is my) wait|how long (until|before|till) (someone|somebody|an agent|the agent|sales|a person|they|you)|how long (will|do|must|should) (i|we) (have to )?wait|when (will|does|do|is|can|would) (they|someone|somebody|sales|an agent|the agent|a person|anyone|you|the rep) (call|answer|reply|respond|join|get back|contact|ring|be (here|available|back))|wait(ing)? time|how long (will|does|is|would) (this|it|that) (take|be|last)|is (anyone|someone|somebody) coming')],
  contactOnFile: [p('(same|the|my) (email|e mail|number|phone)( address)? ((that |which )?(i|we) (gave|sent|used|entered|typed|provided)|on file|from before|you have|above|earlier|before)')],
  keepSite: [w('keep|keep it|keep that|keep this|keep (the )?(name|url|site|address)|sounds good|thats fine|fine|ok|okay|good|looks good|use it|use that|use this|perfect|great|that one|this one|i like it|leave it|leave it as is|sounds good to me|fine by me|fine with me|works for me|that works|that works for me|good for me|good with me|all good|happy with that|happy with it|go with it|lets go with it|lets go with that|i will take it|ill take it'),
    p('keep (it|that|this|the (url|name|site))'),
    p('(is |s )?fine,? keep|^(whatever|ok|fine|sure),? (fine|ok|sure|keep it)$')],
  hedge: p('(?<!how )about|around|approximately|approx|roughly|(?<!more )maybe(?! (?:more|later|in|next))|perhaps|probably|prob|probs|prolly|likely|more or less|give or take|or so|ish|something like|circa|close to|i think|i guess|not sure'),
  alternative: p('or|to|between|and'),
  changeCue: p('i meant|meant|change|switch|swap|upgrade|downgrade|move|go|put|take|make it|make that|set (it|that)?|instead|rather|actually|update|go with|lets do|lets go with|let us do|edit|modify|bump|increase|decrease|reduce|lower|raise|add|remove|drop|prefer|i want|id like|i would like|can we|could we|could you|please|i need|we need|need|wrong|fix|correct'),
  licenseWord: p('licen[cs]es?|lisences?|licences?|users?|seats?|people|persons|employees|staff|members|accounts|hosts|person'),
  plans: [
    [p('both|everything|all of (it|them)|the bundle|bundle|full package|all in one|meet (and |plus |with |n )?call|meetings? (and|plus|with) call(s|ing)?|call(s|ing)? and meetings?|webex suite|suite'), 'suite'],
    [p('enterprise|webex enterprise|large organi[sz]ation plan'), 'enterprise'],
    [p('meet|webex meet|meetings?( only)?|just meetings|only meetings|video meetings?|video conferencing'), 'meet'],
    [p('call|webex call|calling|phone system|phones?|telephony|calls( only)?|just calling|voice|phone service|(cloud )?pbx|voip|phone lines?|business phones?|desk phones?'), 'call'],
  ],
  renewals: [
    [p('annual(ly)?|yearly|every year|per year|a year|each year|once a year|year|years|12 months|twelve months|for the year|by the year|(1 |one |per |a )?yrs?|12 ?mos?|pay (once|up ?front)|(the )?(cheaper|lower) (one|price|option)'), 'annual'],
    [p('monthly|every month|per month|a month|each month|month to month|month by month|month|months|by the month|(per |a |each )?mo|no (long|long term|annual|yearly)? ?(commitment|contract|lock ?in)|cancel any ?time'), 'monthly'],
  ],
  planWords,
  renewalWords,
  // The add-on is Callback, the one add-on sold: "remove the add-on".
  callbackWord: p('call ?back|callback add ?on|call back add ?on|(the|that|this) add ?on'),
  addCallback: p('add|include|with|want|need|plus|yes|turn on|enable|keep|put|back on|switch on'),
  removeCallback: p('remove|drop|without|no|delete|exclude|turn off|disable|dont|do not|take off|take it off|take that off|switch off|get rid of|skip|didnt ask|did not ask'),
  fields: [
    [p('e ?mail( address)?|mail address'), 'email'],
    [p('billing address|invoice address|bill to|billing info(rmation)?'), 'billingAddress'],
    [p('service address|service location|emergency (address|location)|where (its|it is|the service is) used'), 'serviceAddress'],
    [p('calling plan|phone numbers?|numbers|porting|port'), 'callingPlan'],
    [p('site( url| name| address)?|url|webex (site|address)|subdomain'), 'siteUrl'],
    [p('(?<!(?:calling|paid) )(?:plan|tier|package)'), 'plan'],
    [p('renewal|billing (period|cycle|frequency)|how often (we|i) pay'), 'renewal'],
    [p('(number|count|amount) of (licen[cs]es|seats|users)|(licen[cs]e|seat|user) count'), 'licenses'],
  ],
  noNumbers: [w('none|no|no numbers|no new numbers|not needed|no need|nothing|zero|0|skip|none needed|none thanks|i dont need (any )?numbers|no thanks|dont need any')],
  newNumbersWord: p('new|numbers?|lines?|dids?'),
  // "in area code 415", "with the 212 code" before the bare "in": the code words are no part of the area.
  areaCue: /(?:^| )(?:(?:in|with|for|under) (?:the )?(?:area code|code|area)|in|area code|area|code|region|near|for|in the) ([a-z0-9][a-z0-9 ]*?)(?= and| port|$)/u,
  portCue: p('port|porting|transfer|keep (my|our) (number|numbers)|bring'),
  question: p('what is|whats|what are|tell me about|difference|compare|which one|what does|explain'),
};
