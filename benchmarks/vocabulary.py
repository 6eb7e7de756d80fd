"""Word lists for the synthetic catalogue: IMH domain terms and common English.

Everything here is fixed data; the generator ranks it and draws from it with a
Zipf-like distribution. Terms may be phrases ("health visiting"); the generator
counts words, not terms. Names built from these lists are made up on purpose.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    """Whitespace-separated words, first occurrence kept, order kept."""
    return tuple(dict.fromkeys(text.split()))


def _phrases(text: str) -> tuple[str, ...]:
    """One phrase per non-empty line (or ``;``-separated), order kept."""
    items = (part.strip() for line in text.splitlines() for part in line.split(";"))
    return tuple(dict.fromkeys(item for item in items if item))


# Roughly in order of frequency in ordinary English prose.
COMMON_WORDS: tuple[str, ...] = _words(
    """
the of and to a in is that for it as was with be by on not he I this are or his from
at which but have an they you were her she there one been we their has would all will
when who so if more no out up said what its about into than them can only other new
some time could these two may then do first any my now such like our over man me even
most made after also did many before must through back years where much your way well
down should because each just those people how too little state good very make world
still own see men work long get here between both life being under never day same another
know while last might us great old year off come since against go came right used take
three states himself few house use during without again place around however home small
found thought went say part once general high upon school every does got united left
number course war until always away something fact though water less public put think
almost hand enough far took head yet government system better set told nothing night end
why called did eyes find going look asked later knew point next program city business give
group toward young days let room president side social given present several order national
possible rather second face per among form important often things looked early white case
john become large big need four within felt along children saw best church ever least power
development light thought family interest want members mind country area others done turned
although open god service certain kind problem began different door thus help sense means
whole matter perhaps itself york times law human line above name example action company
hands local show whether five history gave today either act feet across taken past quite
anything seen having death week experience body word half really field am car words already
themselves information tell together college shall money period held keep sure real
probably free seems political cannot behind miss question air office making brought whose
special heard major problems ago became federal moment study available known result street
economic boy position reason change south board individual job areas society west close
turn love community true court force full seemed am age policy everything table america
million wife front care further usually art training among process level voice provide
services figure cost period results increase value value meeting series evidence support
short needs moved role short ideas rate students control effect center value situation
stage role wanted likely patient practice hospital report health plan services spending
research programme approach team staff early practice evidence outcomes needs quality
understand understanding working worked works helping helped helps supports supported
supporting learn learning learned teaching taught develop developed developing developments
build building built strong stronger strength strengths difficult difficulty difficulties
simple simply clear clearly often sometimes usually rarely always never together apart
between within without around through across beyond inside outside toward towards behind
before after during while until since although unless whereas because therefore however
moreover furthermore meanwhile instead otherwise nevertheless indeed especially particularly
mainly mostly largely partly fully nearly almost quite rather fairly really truly certainly
probably possibly perhaps maybe likely unlikely clearly obviously apparently generally
specifically directly indirectly quickly slowly gradually suddenly recently currently
previously originally finally eventually immediately frequently regularly occasionally
increasingly relatively significantly considerably slightly highly deeply widely closely
carefully easily hardly actually basically essentially naturally normally personally
seriously simply strongly successfully effectively properly safely warmly gently calmly
quietly openly honestly kindly patiently consistently reliably sensitively thoughtfully
ability able absence absolute academic accept acceptable access accident accompany account
accurate achieve achievement acknowledge acquire active activity actual adapt add addition
additional address adequate adjust administration admit adopt adult advance advantage
advice advise affair affect afford afraid agency agenda agree agreement aid aim alarm alive
allow alone alongside alter alternative amount analysis analyse ancient anger angry animal
announce annual answer anxiety anxious apparent appeal appear appearance application apply
appoint appointment appreciate appropriate approval approve argue argument arise arm arrange
arrangement arrive article aside aspect assess assessment asset assist assistance associate
association assume assumption atmosphere attach attack attempt attend attendance attention
attitude attract attractive audience author authority automatic autumn average avoid award
aware awareness balance ball band bank bar base basic basis bear beat beautiful beauty bed
begin beginning behalf behave behaviour belief believe belong benefit bid bill bird birth
bit bitter black blame block blood blue boat bone book border born borrow boss bottom box
brain branch bread break breath bridge brief bright bring broad brother budget burden burn
busy buy calculate calm camp campaign cancer candidate capacity capital card career careful
carry cash catch category cause celebrate cell central centre century chain chair chairman
challenge chance channel chapter character charge chart cheap check chief child childhood
choice choose circle circumstance citizen civil claim class classic clean client climate
clinic clinical clock club coach coast code coffee cold collapse colleague collect
collection colour combination combine comfort comfortable command comment commercial
commission commit commitment committee common communicate communication compare comparison
compete competition complain complaint complete complex component concentrate concept
concern conclude conclusion condition conduct conference confidence confident confirm
conflict confusion connect connection conscious consequence conservative consider
considerable consideration consist constant constitute construct consultation consumer
contact contain content context continue contract contrast contribute contribution
convention conversation convince cook cool cope copy core corner correct council counsel
count county couple courage cover create creation creative creature credit crime crisis
criteria critical criticism cross crowd crucial cry cultural culture cup curious current
curriculum customer cut cycle daily damage dance danger dangerous dark data date daughter
deal dear debate debt decade decide decision declare decline deep defence define definition
degree deliver delivery demand democracy demonstrate deny department depend dependent
deposit depression depth describe description design desire desk despite destroy detail
detailed determine device diet differ difference dimension dinner direction director
disability disappear discipline discover discovery discuss discussion disease display
distance distinct distinction distribute distribution district divide division doctor
document dog domestic dominant doubt draft drama draw dream dress drink drive drop drug dry
due duty earn earth ease east eat economy edge edition editor educate education educational
effective efficiency efficient effort elderly elect election element eliminate emerge
emergency emotion emotional emphasis emphasise employ employee employer employment empty
enable encounter encourage enemy energy engage engagement engine enjoy ensure enter
enterprise entire entirely entitle entry environment environmental equal equally equipment
equivalent error escape essential establish establishment estate estimate evaluate
evaluation evening event eventually everybody everyday evil exact examination examine
excellent except exception exchange excitement exciting exclude executive exercise exhibit
exist existence existing expand expansion expect expectation expenditure expense expensive
experiment expert explain explanation explore export expose exposure express expression
extend extension extensive extent external extra extreme facility factor fail failure fair
faith fall false familiar famous fashion fast father fault favour fear feature fee feed
feel feeling fellow female fight figure file fill film final finance financial fine finger
finish fire firm fish fit fix flat flight floor flow flower fly focus follow following food
foot forget formal formation former forward foundation frame framework freedom frequent
fresh friend friendly frightened fruit fuel function fund fundamental funding funny future
gain game gap garden gas gate gather gender gene generate generation gentle genuine gift
girl glad glass global goal gold governor grade grand grant grass grateful green grey
ground grow growth guarantee guard guest guidance guide guideline guilty habit hair hall
handle hang happen happy hard harm hate hear hearing heart heat heavy height hell hide hill
hire historical hit hold hole holiday hope horse host hot hotel hour household housing huge
husband idea identify identity ignore ill illness image imagine impact implement
implication imply importance impose impossible impression improve improvement incident
include including income incorporate independent index indicate indicator industrial
industry inequality influence inform initial initiative injury inner innocent inquiry
insight insist install instance institution instruction instrument insurance intend
intention interaction internal international interpret interpretation intervention
interview introduce introduction invest investigate investigation investment invite
involve involvement island issue item join joint journal journey judge judgement jump
justice justify key kill king kitchen knowledge label labour lack lady land landscape
language late laugh launch layer lead leader leadership leading leaf league lean learner
leave lecture leg legal legislation length lesson letter liberal library licence lie lift
limit limited link lip list listen literature live living load loan location lock
logic lonely loss lost loud lovely low lunch machine magazine main maintain majority male
manage management manager manner map mark market marriage married mass master match
material mean meaning measure measurement mechanism media medical medicine meet member
membership memory mental mention message metal method middle milk mine minister ministry
minority minute mirror mission mistake mix mixture model modern modest moment month mood
moral morning mother motion motivation mountain mouth move movement multiple music mutual
narrow nation native natural nature near nearby necessarily necessary neck negative
neighbour neighbourhood nervous network neutral newspaper nice noise normal north nose note
notice notion novel nurse object objective obligation observation observe obtain obvious
occasion occupy occur odd offer officer official oil okay operate operation opinion
opportunity oppose opposite opposition option ordinary organisation organise origin
original outcome output overall owner pace pack page pain paint pair panel paper parent
park parliament participant participate participation particular partner partnership party
pass passage passion path pattern pay payment peace peak peer pension percent perception
perfect perform performance permanent permission permit person personal personality
perspective phase phone photograph physical pick picture piece pilot pitch plant plate
play player pleasure plenty pocket poem poet poll pool poor popular population port pose
positive possess possibility post potential pound poverty practical practitioner praise
pray predict prefer preference pregnancy pregnant preparation prepare presence
presentation preserve press pressure pretty prevent prevention previous price pride
primary prime principal principle print prior priority prison private prize procedure
proceed produce product production profession professional profile profit progress
project promise promote promotion proof proper property proportion proposal propose
prospect protect protection protest proud prove provider provision psychological
psychology publication publish pull pupil purchase pure purpose pursue push quarter queen
quick quiet race radio raise range rapid rare reach react reaction read reader reading
ready realise reality rear receive recent recognise recognition recommend recommendation
record recover recovery reduce reduction refer reference reflect reflection reform refuse
regard region regional register regular regulation reject relate relation relationship
relative relax release relevant relief religion religious rely remain remark remember
remind remove rent repeat replace reply represent representation representative request
require requirement rescue resident resist resolution resolve resource respect respond
response responsibility responsible rest restore restrict retain retire return reveal
revenue review revolution reward rich ride ring rise risk river road rock root rough round
route routine row royal rule run rural safe safety salary sale sample save scale scene
scheme science scientific scope score screen sea search season seat secret secretary
section sector secure security seek select selection sell send senior sensitive sentence
separate sequence serious servant serve session settle settlement severe shape share
sharp sheet shift shock shop shoulder shout sign signal significance significant silence
silent similar similarly single sister site size skill skin sleep slight smile smooth
snow soft software soil solicitor solid solution solve son song soon sorry sort soul sound
source space speak speaker specialist species specific speech speed spend spirit split
spokesman sport spot spread spring square stable staff stair stand standard star start
statement station status stay steady step stick stock stone stop store story strange
strategy stream stress stretch strike structure struggle student studio style subject
substantial succeed success successful sudden suffer sufficient suggest suggestion suit
suitable summer sun supply surface surprise surround survey survive suspect sustain
symbol sympathy talk target task taste tax tea teacher technical technique technology
telephone television temperature tend tendency tension term terrible territory test text
theme theory therapy thin threat threaten tiny tired title tone tool top topic total touch
tour town track trade tradition traditional traffic train transfer transform transition
translate transport travel treat treatment tree trend trial trip trouble trust truth try
tune type typical unable uncle understand unemployment unfortunately union unique unit
universal university unknown upper urban urge useful user usual valley valuable variable
variation variety various vary vast version victim view village violence visible vision
visit visitor vital volume voluntary volunteer vote wage wait walk wall war warm warn
warning wash watch wave weak wealth wear weather weekend weight welcome welfare west wide
wild willing win wind window winter wish witness woman wonder wonderful wood worker
workshop worry worth write writer writing wrong yard yesterday young youth zone
"""
)

# Infant-mental-health domain terms, phrases included.
DOMAIN_TERMS: tuple[str, ...] = _phrases(
    """
infant; baby; babies; parent; parents; perinatal; attachment; health visiting; attunement
responsive caregiving; CAMHS; NICU; ACEs; postnatal depression; first 1001 days
parent-infant psychotherapy; sleep; feeding; crying; bonding; safeguarding; early years
commissioning; workforce; trauma; fathers; co-parenting; neonatal; midwife; midwives
health visitor; health visitors; infant mental health; mental health; wellbeing
emotional wellbeing; social and emotional development; early relationships; caregiver
caregivers; caregiving; mother; mothers; dad; dads; mum; mums; family; families; toddler
toddlers; newborn; newborns; pregnancy; antenatal; postnatal; postpartum; birth; labour
breastfeeding; bottle feeding; weaning; infant feeding; skin-to-skin; kangaroo care
premature; prematurity; preterm; low birth weight; special care baby unit; SCBU
neonatal unit; neonatal intensive care; incubator; baby room; nursery; childminder
childminders; early years practitioner; early years settings; children's centre
children's centres; family hubs; Sure Start; Start for Life; Healthy Child Programme
mandated contacts; new birth visit; 6-8 week check; two-year review; ages and stages
developmental check; developmental milestones; brain development; neurodevelopment
serve and return; mind-mindedness; mentalisation; mentalising; reflective functioning
reflective practice; reflective supervision; containment; holding in mind; co-regulation
self-regulation; emotional regulation; stress regulation; toxic stress; adversity
adverse childhood experiences; childhood adversity; intergenerational trauma
intergenerational; transgenerational; secure attachment; insecure attachment
disorganised attachment; attachment theory; attachment-based; Strange Situation
sensitivity; maternal sensitivity; paternal sensitivity; parental sensitivity
responsiveness; parental responsiveness; contingent responding; rupture and repair
Video Interaction Guidance; VIG; Video Feedback; Watch Wait and Wonder; Circle of Security
Solihull Approach; Brazelton; Neonatal Behavioural Observation; NBO; NBAS
Newborn Behavioral Observations; Family Nurse Partnership; FNP; PIPUK; parent-infant teams
parent-infant relationship; parent-infant relationships; parent-infant interaction
dyad; dyadic; triadic; infant-parent; infant observation; baby watching; baby cues
infant cues; reading cues; baby-led; infant-led; infant communication; preverbal
babbling; language development; early language; speech and language; home learning
environment; play; baby play; tummy time; sensory; touch; massage; baby massage; singing
lullabies; book sharing; reading to babies; infant sleep; safe sleep; sleep deprivation
night waking; settling; soothing; colic; excessive crying; inconsolable crying
abusive head trauma; shaken baby; ICON; coping with crying; reflux; allergy; cow's milk
faltering growth; growth charts; weight gain; tongue-tie; latch; lactation; infant formula
responsive feeding; feeding difficulties; fussy eating; perinatal mental health
maternal mental health; paternal mental health; paternal depression; perinatal anxiety
postnatal anxiety; perinatal OCD; postpartum psychosis; birth trauma; traumatic birth
tokophobia; baby loss; stillbirth; miscarriage; bereavement; neonatal death; grief
mother and baby unit; MBU; perinatal mental health services; specialist perinatal
community perinatal mental health teams; maternal mental health services
Maternal Mental Health Alliance; perinatal psychiatry; perinatal psychology
infant psychiatry; infant psychology; child psychotherapy; psychotherapist
clinical psychologist; psychiatrist; paediatrician; paediatrics; GP; primary care
general practice; six-week check; health visiting service; school nursing; 0-19 service
0-5 service; public health nursing; public health; local authority; integrated care board
ICB; integrated care system; ICS; NHS England; NHS Long Term Plan; Department of Health
Department for Education; Ofsted; CQC; NICE guidance; NICE; clinical guideline
care pathway; pathway; referral; referrals; thresholds; waiting list; waiting times
access to services; service gaps; postcode lottery; Baby Blind Spot; unmet need
early intervention; prevention; universal services; targeted services; specialist services
stepped care; tiered model; whole-system; system change; place-based; co-production
co-produced; lived experience; parent voice; voice of the baby; voice of the child
seeing the baby; think baby; baby-focused; infant-focused; infant-centred; relational
relationship-based; trauma-informed; trauma-informed care; strengths-based
compassionate; compassion-focused; culturally sensitive; culturally responsive
cultural competence; equity; health inequalities; inequalities; deprivation; poverty
child poverty; food insecurity; housing; temporary accommodation; homelessness
domestic abuse; domestic violence; coercive control; parental conflict
interparental conflict; reducing parental conflict; separation; divorce; co-parents
lone parents; single parents; young parents; teenage parents; adolescent parents
kinship care; foster care; foster carers; looked-after children; children in care
adoption; adoptive parents; special guardianship; care proceedings; family court
child protection; child in need; child protection plan; serious case review
child safeguarding practice review; safeguarding partnership; neglect; emotional abuse
physical abuse; non-accidental injury; bruising in non-mobile babies; risk assessment
parental substance misuse; substance misuse; alcohol; parental alcohol use; drug use
neonatal abstinence syndrome; FASD; fetal alcohol; parental mental illness
toxic trio; vulnerability; vulnerable families; resilience; protective factors
risk factors; parenting; parenting programmes; parenting support; parenting capacity
parental wellbeing; parental stress; parenting stress; maternal stress; loneliness
isolation; social isolation; peer support; peer supporters; befriending; home visiting
home visits; outreach; doorstep; community groups; baby groups; stay and play
Home-Start; volunteers; voluntary sector; third sector; charities; charity; grants
funding; commissioners; commissioning guidance; needs assessment; JSNA
business case; cost-benefit; return on investment; economic case; value for money
outcomes framework; evaluation; randomised controlled trial; RCT; cohort study
longitudinal; qualitative; quantitative; mixed methods; systematic review
meta-analysis; evidence base; evidence-based; outcome measures; ASQ; ASQ:SE
Edinburgh Postnatal Depression Scale; EPDS; PHQ-9; GAD-7; Whooley questions; screening
routine enquiry; assessment tools; observation tools; infant mental health competencies
competency framework; workforce development; training needs; skills; supervision
clinical supervision; continuing professional development; CPD; specialist health visitor
perinatal and infant mental health champion; IMH champion; practice development
career pathway; recruitment; retention; burnout; vicarious trauma; staff wellbeing
caseloads; workload; capacity; health visitor numbers; workforce shortages
multidisciplinary; multi-agency; joint working; integration; partnership working
infant mental health awareness week; IMHAW; awareness week; campaign; advocacy; policy
policy briefing; all-party parliamentary group; APPG; manifesto; parliament; MPs
government; spending review; Best Start for Life; early years healthy development review
Leadsom review; First 1001 Days Movement; Parent-Infant Foundation; AIMH UK; WAIMH
Association for Infant Mental Health; Institute of Health Visiting; iHV; Tavistock
Anna Freud; NSPCC; UNICEF Baby Friendly; Baby Friendly Initiative; Bliss; Tommy's
Best Beginnings; Family Lives; Home-Start UK; National Childbirth Trust; NCT; Barnardo's
Action for Children; Royal College of Midwives; Royal College of Psychiatrists
Royal College of Paediatrics; Scotland; Wales; Northern Ireland; England; UK
international; global; low and middle income countries; Covid-19; pandemic; lockdown
babies in lockdown; remote working; video calls; digital; online; apps; social media
podcast; webinar; conference; masterclass; e-learning; workshop; toolkit; factsheet
guide; leaflet; infographic; resource pack; case study; vignette; film; animation
reflection; learning; practice example; good practice; innovation; pilot; scale-up
fathers' mental health; involving fathers; father-inclusive; dad-friendly; paternal
partners; same-sex parents; LGBTQ+ parents; grandparents; siblings; twins; multiples
disabled parents; learning disabilities; parents with learning disabilities; autism
neurodivergent; SEND; special educational needs; disability; developmental delay
early help; early help assessment; family support; family support workers
nursery nurses; community nursery nurses; infant feeding leads; lactation consultant
breastfeeding peer supporters; doulas; maternity services; maternity voices
maternity care; continuity of carer; obstetrics; labour ward; postnatal ward
transitional care; discharge; going home; family integrated care; FICare
developmental care; neonatal psychology; neonatal nurses; neonatal outreach; parent
presence; visiting policies; cot-side; parent accommodation; baby's brain
brain architecture; synapses; neural pathways; cortisol; stress response; HPA axis
epigenetics; genes and environment; sensitive periods; critical periods; plasticity
executive function; emotional literacy; school readiness; Good Level of Development
child development; physical development; cognitive development; motor development
temperament; individual differences; infant temperament; difficult temperament
infant distress; withdrawal; infant withdrawal; ADBB; still face; still-face experiment
face-to-face interaction; eye contact; gaze; turn-taking; proto-conversation; mirroring
marked mirroring; affect attunement; emotional availability; sensitive responsiveness
contingency; synchrony; interactional synchrony; repair; infant agency; infant rights
children's rights; UNCRC; right to health; babies' rights; equality; diversity; racism
racial inequalities; ethnicity; Black mothers; MBRRACE; maternal mortality
migrant families; asylum seekers; refugees; language barriers; interpreters
rural areas; coastal areas; urban areas; deprived areas; local variation; mapping
data; surveillance; indicators; monitoring; reporting; accountability; inspection
"""
)

TOPICS: tuple[str, ...] = _phrases(
    """
infant mental health; attachment; attunement; responsive caregiving; perinatal mental health
postnatal depression; paternal mental health; fathers; co-parenting; parental conflict
health visiting; midwifery; neonatal care; NICU; prematurity; birth trauma; baby loss
sleep; feeding; breastfeeding; crying; bonding; safe sleep; brain development
early language; play; parenting; parenting programmes; early years; childcare
first 1001 days; ACEs; trauma; trauma-informed practice; safeguarding; neglect
domestic abuse; substance misuse; child protection; looked-after children; adoption
kinship care; parent-infant psychotherapy; parent-infant teams; video interaction guidance
reflective practice; reflective supervision; mentalisation; CAMHS; specialist services
commissioning; workforce development; training; competencies; policy; advocacy
awareness week; funding; health inequalities; poverty; housing; racism and equity
lived experience; co-production; peer support; voluntary sector; family hubs
digital and online support; Covid-19; evaluation; research; evidence; outcomes
partnership working; integrated care; early intervention; prevention; resilience
social media; school readiness; disabled parents; young parents; wellbeing at work
"""
)

SETTINGS: tuple[str, ...] = (
    "camhs",
    "commissioning",
    "community",
    "early years",
    "health visiting",
    "perinatal",
    "maternity",
    "neonatal",
    "primary care",
    "family hubs",
    "social care",
    "voluntary sector",
    "policy",
    "research",
)

PLACES: tuple[str, ...] = _words(
    """
Northfield Eastbrook Westmere Southcombe Ashvale Briarton Coldharbour Dunmore Elmstead
Fernhollow Glenbury Harrowdene Ivybridge Juniper Kestrelford Larkhill Millbrook Netherwood
Oakhaven Pennington Quarrybank Riverside Stonebridge Thornbury Upperdale Valewood
Willowmere Yarrowby Ambleside Birchfield Cranmoor Deepdale Everleigh Foxcote Greywell
Hollowmead Kingsmere Lowther Marshfield Newhaven Orchardleigh Pinehurst Redcliffe
Saltmarsh Tidewater Whitlow Wrenfield Ashbourne Beechcroft
"""
)

ORGANISATION_FIELDS: tuple[str, ...] = _phrases(
    """
Infant Mental Health; Perinatal Mental Health; Parent-Infant; Early Years; Baby Wellbeing
Family Health; First Relationships; Health Visiting; Neonatal Family; Fathers and Babies
Early Attachment; Little Steps; Baby Minds; Perinatal Wellbeing; Infant and Family
"""
)

ORGANISATION_TYPES: tuple[str, ...] = _phrases(
    """
Network; Trust; Partnership; Collective; Alliance; Centre; Foundation; Forum; Service
Institute; Project; Hub; Consortium; Coalition; Team; Association
"""
)

FIRST_NAMES: tuple[str, ...] = _words(
    """
Aisha Alex Amara Amelia Anwen Asha Beatrix Ben Bryony Callum Carys Chloe Dara Declan
Deepa Eilidh Elena Ellis Emeka Esme Ffion Finn Gemma Hamid Hannah Harriet Idris Imogen
Isla Jamal Jasmin Joel Kamala Keira Kofi Laila Leon Lowri Maeve Malik Marta Nadia Niamh
Noor Olu Orla Owen Priya Quinn Rafael Rhian Rohan Rosa Saoirse Sami Sian Tamsin Tariq
Tegan Theo Una Uma Vikram Wren Yara Yusuf Zainab Zoe Adele Bronwen Cerys Dominic Fatima
Gareth Hollie Ishaan Jonah Kezia Lucian Mirela Nell Oskar Petra Ravi Selin Tobias
"""
)

SURNAME_STARTS: tuple[str, ...] = _words(
    """
Ash Bram Brindle Cal Clay Dun Elder Fen Gale Hal Hart Kell Lang Lyn Marl Moss North
Oak Pell Quill Ross Shel Stan Thorn Tull Wain Wes Whit Wyn Yar
"""
)

SURNAME_ENDS: tuple[str, ...] = _words(
    """
wick ford worth by combe ley ton field more hurst dale well stead bury brook mere
"""
)
