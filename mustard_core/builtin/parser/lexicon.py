"""Small word lists the heuristics use to tell a job title from a company from a place.

They are deliberately short and common: they decide between fields that are already split
("Senior Engineer" | "Acme Ltd" | "London"), they do not find anything on their own.
"""

from __future__ import annotations

import re

ROLE_WORDS = frozenset("""
engineer engineering developer programmer manager director analyst consultant designer
architect scientist officer assistant specialist coordinator co-ordinator administrator lead
head intern internship trainee apprentice nurse teacher accountant executive representative
technician researcher professor lecturer supervisor advisor adviser associate president vp
chief cto ceo cfo coo cio ciso founder co-founder owner clerk operator driver chef cook
receptionist secretary worker carer therapist physician doctor surgeon pharmacist editor writer
producer planner buyer agent broker recruiter auditor controller mathematician commander
admiral captain pilot lawyer solicitor barrister paralegal counsel attorney midwife paramedic
surveyor inspector estimator fellow postdoc tutor instructor coach mechanic electrician plumber
carpenter welder administrator strategist owner principal partner economist statistician
journalist copywriter photographer illustrator animator translator interpreter librarian
curator officer steward cashier waiter waitress bartender barista housekeeper cleaner porter
guard nanny caregiver dentist optometrist radiographer sonographer physiotherapist psychologist
counsellor counselor social sales marketing tester qa sre devops dba full-stack fullstack
frontend backend operative handler picker packer loader labourer laborer builder installer
fitter assembler machinist crew member volunteer nursery hygienist dispatcher scheduler
""".split())  # noqa: SIM905 (a word list reads best as words)

COMPANY_WORDS = frozenset("""
ltd ltd. limited inc inc. incorporated llc llp plc gmbh ag sa s.a. sarl bv b.v. nv pty corp
corp. corporation company co co. group bank university college school hospital trust nhs
council agency labs lab laboratories technologies technology solutions systems services
consulting consultancy partners associates holdings industries ventures studio studios
foundation institute ministry department navy army force forces airlines airways insurance
capital enterprises international global media networks software analytics works pharma
pharmaceuticals clinic charity society authority office bureau infirmary homes spa s.p.a.
srl oy ab kk
""".split())  # noqa: SIM905 (a word list reads best as words)

INSTITUTION = re.compile(
    r"\b(?:university|universit[yàäéá]|college|school|institute|institut|academy|polytechnic"
    r"|conservatoire|conservatory|seminary|hochschule|[ée]cole|escuela|universidad|lyceum"
    r"|gymnasium|faculty|campus)\b",
    re.IGNORECASE,
)

_DEGREE_NAMES = (
    r"(?:bachelor|master|doctor)(?:'s|s)?(?:\s+degree)?(?:\s+of\s+(?:science|arts|engineering"
    r"|business\s+administration|philosophy|laws|education|fine\s+arts|technology|commerce"
    r"|music|medicine|nursing|surgery|architecture|public\s+health|social\s+work"
    r"|applied\s+science|computer\s+science))?"
    r"|doctorate|diploma(?:\s+of\s+higher\s+education)?|graduate\s+diploma|postgraduate\s+diploma"
    r"|certificate|associate(?:'s)?\s+degree|a[- ]levels?|as[- ]levels?|gcses?|igcses?"
    r"|high\s+school\s+diploma|baccalaur[ée]at(?:e)?|ib\s+diploma|hnd|hnc|btec|nvq"
    r"|b\.?\s?sc\.?|m\.?\s?sc\.?|b\.?\s?a\.?|m\.?\s?a\.?|b\.?eng\.?|m\.?eng\.?|ph\.?\s?d\.?"
    r"|d\.?phil\.?|m\.?phil\.?|mba|llb|llm|ll\.b\.?|ll\.m\.?|md|m\.d\.|bba|bcom|b\.com|mres"
    r"|pgce|pgdip|pgcert|bs|b\.s\.|ms|m\.s\.|bfa|mfa|bds|mbbs|bsn|msn|edd|ed\.d\.|dba|med|m\.ed"
    r"|bed|b\.ed|btech|b\.tech|mtech|m\.tech|beng|meng|bsc|msc"
)
DEGREE = re.compile(rf"(?<![\w.])(?:{_DEGREE_NAMES})(?![\w])(?:\s*\((?:hons?|honours|honors)\))?",
                    re.IGNORECASE)

# Language name -> ISO 639-1 code, for the Languages section.
LANGUAGES = {
    "english": "en", "french": "fr", "german": "de", "spanish": "es", "italian": "it",
    "portuguese": "pt", "dutch": "nl", "flemish": "nl", "swedish": "sv", "norwegian": "no",
    "danish": "da", "finnish": "fi", "icelandic": "is", "polish": "pl", "czech": "cs",
    "slovak": "sk", "hungarian": "hu", "romanian": "ro", "bulgarian": "bg", "greek": "el",
    "russian": "ru", "ukrainian": "uk", "belarusian": "be", "serbian": "sr", "croatian": "hr",
    "bosnian": "bs", "slovenian": "sl", "macedonian": "mk", "albanian": "sq", "lithuanian": "lt",
    "latvian": "lv", "estonian": "et", "turkish": "tr", "arabic": "ar", "hebrew": "he",
    "persian": "fa", "farsi": "fa", "urdu": "ur", "hindi": "hi", "bengali": "bn",
    "punjabi": "pa", "gujarati": "gu", "marathi": "mr", "tamil": "ta", "telugu": "te",
    "kannada": "kn", "malayalam": "ml", "sinhala": "si", "nepali": "ne", "chinese": "zh",
    "mandarin": "zh", "cantonese": "zh", "japanese": "ja", "korean": "ko", "vietnamese": "vi",
    "thai": "th", "indonesian": "id", "malay": "ms", "tagalog": "tl", "filipino": "tl",
    "swahili": "sw", "amharic": "am", "yoruba": "yo", "igbo": "ig", "hausa": "ha",
    "zulu": "zu", "xhosa": "xh", "afrikaans": "af", "somali": "so", "welsh": "cy",
    "irish": "ga", "gaelic": "gd", "scottish gaelic": "gd", "catalan": "ca", "basque": "eu",
    "galician": "gl", "maltese": "mt", "luxembourgish": "lb", "latin": "la", "esperanto": "eo",
    "georgian": "ka", "armenian": "hy", "azerbaijani": "az", "kazakh": "kk", "uzbek": "uz",
    "mongolian": "mn", "pashto": "ps", "kurdish": "ku", "burmese": "my", "khmer": "km",
    "lao": "lo", "british sign language": None, "american sign language": None,
}

LANGUAGE_LEVELS = re.compile(
    r"\b(?:native|mother\s+tongue|bilingual|fluent|fluency|proficient|advanced|intermediate"
    r"|upper[- ]intermediate|conversational|basic|beginner|elementary|working\s+knowledge"
    r"|professional(?:\s+working)?(?:\s+proficiency)?|limited(?:\s+working)?(?:\s+proficiency)?"
    r"|full\s+professional(?:\s+proficiency)?|business\s+level|good|excellent|[abc][12])\b",
    re.IGNORECASE,
)

# Major cities, countries and regions, enough to recognise the location on a contact line.
PLACES = frozenset(p.strip().lower() for p in """
London, Manchester, Birmingham, Leeds, Glasgow, Edinburgh, Liverpool, Bristol, Sheffield,
Cardiff, Belfast, Newcastle, Nottingham, Leicester, Southampton, Oxford, Cambridge, Reading,
Brighton, Aberdeen, Dundee, Coventry, York, Bath, Milton Keynes, Dublin, Cork, Paris, Lyon,
Marseille, Berlin, Munich, Hamburg, Frankfurt, Cologne, Stuttgart, Vienna, Zurich, Geneva,
Basel, Amsterdam, Rotterdam, The Hague, Utrecht, Eindhoven, Brussels, Antwerp, Luxembourg,
Madrid, Barcelona, Valencia, Seville, Lisbon, Porto, Rome, Milan, Turin, Naples, Florence,
Copenhagen, Stockholm, Gothenburg, Oslo, Helsinki, Reykjavik, Warsaw, Krakow, Wroclaw, Prague,
Brno, Budapest, Bucharest, Sofia, Athens, Istanbul, Ankara, Kyiv, Kiev, Tallinn, Riga, Vilnius,
Belgrade, Zagreb, Ljubljana, Moscow, New York, New York City, NYC, Brooklyn, Boston,
Chicago, San Francisco, Los Angeles, Seattle, Austin, Dallas, Houston, Denver, Atlanta, Miami,
Washington, Washington DC, Philadelphia, Pittsburgh, Phoenix, San Diego, San Jose, Portland,
Minneapolis, Detroit, Nashville, Raleigh, Salt Lake City, Las Vegas, Toronto, Montreal,
Vancouver, Calgary, Ottawa, Mexico City, Sao Paulo, Rio de Janeiro, Buenos Aires, Santiago,
Bogota, Lima, Sydney, Melbourne, Brisbane, Perth, Adelaide, Auckland, Wellington, Singapore,
Hong Kong, Tokyo, Osaka, Seoul, Beijing, Shanghai, Shenzhen, Taipei, Bangalore, Bengaluru,
Mumbai, Delhi, New Delhi, Hyderabad, Chennai, Pune, Kolkata, Dubai, Abu Dhabi, Doha, Riyadh,
Tel Aviv, Cairo, Lagos, Nairobi, Johannesburg, Cape Town, Kuala Lumpur, Jakarta, Manila,
Bangkok, Ho Chi Minh City, Hanoi,
United Kingdom, UK, England, Scotland, Wales, Northern Ireland, Ireland, France, Germany,
Austria, Switzerland, Netherlands, Belgium, Spain, Portugal, Italy, Denmark, Sweden, Norway,
Finland, Iceland, Poland, Czech Republic, Czechia, Hungary, Romania, Bulgaria, Greece, Turkey,
Ukraine, Estonia, Latvia, Lithuania, Serbia, Croatia, Slovenia, Slovakia, Russia,
United States, United States of America, USA, US, Canada, Mexico, Brazil, Argentina, Chile,
Colombia, Peru, Australia, New Zealand, Japan, South Korea, Korea, China, Taiwan, India,
Pakistan, Bangladesh, Sri Lanka, United Arab Emirates, UAE, Qatar, Saudi Arabia, Israel, Egypt,
Nigeria, Kenya, South Africa, Malaysia, Indonesia, Philippines, Thailand, Vietnam,
Europe, Remote,
AL, AK, AZ, AR, CA, CO, CT, DE, FL, GA, HI, ID, IL, IN, IA, KS, KY, LA, ME, MD, MA, MI, MN, MS,
MO, MT, NE, NV, NH, NJ, NM, NY, NC, ND, OH, OK, OR, PA, RI, SC, SD, TN, TX, UT, VT, VA, WA,
WV, WI, WY, DC, California, Texas, Florida, Massachusetts, Illinois, Washington State, Ontario,
Quebec, British Columbia, Bavaria, Catalonia, Greater London, Surrey, Kent, Essex, Yorkshire,
Lancashire, Hertfordshire, Berkshire, Oxfordshire, Cambridgeshire
""".replace("\n", " ").split(","))
