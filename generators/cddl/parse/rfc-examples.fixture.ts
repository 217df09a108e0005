/**
 * The CDDL examples of the CDDL RFCs, as test fixtures for the parser and the validator.
 *
 * Attribution: the CDDL below is quoted from IETF documents. RFC 8610 (Birkholz, Vigano,
 * Bormann; the body's examples and Appendix H), RFC 9165 (Bormann) and RFC 9741 (Bormann), taken
 * from the documents' public sources (github.com/cbor-wg/cddl, cbor-wg/cddl-control,
 * cbor-wg/cddl-more-control), and RFC 9682 (Bormann; cbor-wg/update-8610-grammar). Copyright (c) the IETF Trust and the persons identified as the
 * document authors; code components are licensed under the Revised BSD License (BCP 78, Trust
 * Legal Provisions section 4.e). Only where `adapted` says so was an example changed.
 */

export interface RfcCddlExample {
  /** The RFC the example is quoted from. */
  rfc: 'RFC 8610' | 'RFC 9165' | 'RFC 9682' | 'RFC 9741';
  /** The section it appears in, and its number among the document's CDDL examples. */
  name: string;
  cddl: string;
  /** Why and how the example differs from the RFC's text, if it does. */
  adapted?: string;
}

export const RFC_CDDL_EXAMPLES: readonly RfcCddlExample[] = [
  {
    rfc: 'RFC 8610',
    name: "Groups and Composition in CDDL #1",
    cddl: `person = {
  age: int,
  name: tstr,
  employer: tstr,
}`,
  },
  {
    rfc: 'RFC 8610',
    name: "Groups and Composition in CDDL #2",
    cddl: `person = {(
  age: int,
  name: tstr,
  employer: tstr,
)}`,
  },
  {
    rfc: 'RFC 8610',
    name: "Groups and Composition in CDDL #3",
    cddl: `person = {
  age: int,
  name: tstr,
  employer: tstr,
}

dog = {
  age: int,
  name: tstr,
  leash-length: float,
}`,
  },
  {
    rfc: 'RFC 8610',
    name: "Groups and Composition in CDDL #4",
    cddl: `person = {
  identity,
  employer: tstr,
}

dog = {
  identity,
  leash-length: float,
}

identity = (
  age: int,
  name: tstr,
)`,
  },
  {
    rfc: 'RFC 8610',
    name: "Choices #5",
    cddl: `attire = "bow tie" / "necktie" / "Internet attire"
protocol = 6 / 17`,
  },
  {
    rfc: 'RFC 8610',
    name: "Choices #6",
    cddl: `address = { delivery }

delivery = (
street: tstr, ? number: uint, city //
po-box: uint, city //
per-pickup: true )

city = (
name: tstr, zip-code: uint
)`,
  },
  {
    rfc: 'RFC 8610',
    name: "Ranges #7",
    cddl: `device-address = byte
max-byte = 255
byte = 0..max-byte ; inclusive range
first-non-byte = 256
byte1 = 0...first-non-byte ; byte1 is equivalent to byte`,
  },
  {
    rfc: 'RFC 8610',
    name: "Ranges #8",
    cddl: `int-range = 0..10 ; only integers match
float-range = 0.0..10.0 ; only floats match
BAD-range1 = 0..10.0 ; NOT DEFINED
BAD-range2 = 0.0..10 ; NOT DEFINED
numeric-range = int-range / float-range`,
  },
  {
    rfc: 'RFC 8610',
    name: "Turning a group into a choice #9",
    cddl: `terminal-color = &basecolors
basecolors = (
  black: 0, red: 1,  green: 2,  yellow: 3,
  blue: 4,  magenta: 5,  cyan: 6,  white: 7,
)
extended-color = &(
  basecolors,
  orange: 8,  pink: 9,  purple: 10,  brown: 11,
)`,
  },
  {
    rfc: 'RFC 8610',
    name: "Representation Types #10",
    cddl: `my_breakfast = #6.55799(breakfast)   ; cbor-any is too general!
breakfast = cereal / porridge
cereal = #6.998(tstr)
porridge = #6.999([liquid, solid])
liquid = milk / water
milk = 0
water = 1
solid = tstr`,
  },
  {
    rfc: 'RFC 8610',
    name: "General conventions #11",
    cddl: `; This is a comment
person = { g }

g = (
  "name": tstr,
  age: int,  ; "age" is a bareword
)`,
  },
  {
    rfc: 'RFC 8610',
    name: "Occurrence #12",
    cddl: `apartment = {
  kitchen: size,
  * bedroom: size,
}
size = float ; in m2`,
  },
  {
    rfc: 'RFC 8610',
    name: "Arrays #13",
    cddl: `unlimited-people = [* person]
one-or-two-people = [1*2 person]
at-least-two-people = [2* person]
person = (
    name: tstr,
    age: uint,
)`,
  },
  {
    rfc: 'RFC 8610',
    name: "Structs #14",
    cddl: `Geography = [
  city           : tstr,
  gpsCoordinates : GpsCoordinates,
]

GpsCoordinates = {
  longitude      : uint,            ; degrees, scaled by 10^7
  latitude       : uint,            ; degreed, scaled by 10^7
}`,
  },
  {
    rfc: 'RFC 8610',
    name: "Structs #15",
    cddl: `located-samples = {
  sample-point: int,
  samples: [+ float],
}
`,
  },
  {
    rfc: 'RFC 8610',
    name: "Structs #16",
    cddl: `located-samples = {
  "sample-point" => int,
  "samples" => [+ float],
}`,
  },
  {
    rfc: 'RFC 8610',
    name: "Structs #17",
    cddl: `located-samples = {
  sample-point: int,
  samples: [+ float],
  * equipment-type => equipment-tolerances,
}
equipment-type = [name: tstr, manufacturer: tstr]
equipment-tolerances = [+ [float, float]]`,
  },
  {
    rfc: 'RFC 8610',
    name: "Structs #18",
    cddl: `PersonalData = {
  ? displayName: tstr,
  NameComponents,
  ? age: uint,
}

NameComponents = (
  ? firstName: tstr,
  ? familyName: tstr,
)`,
  },
  {
    rfc: 'RFC 8610',
    name: "Structs #19",
    cddl: `PersonalData = {
  ? displayName: tstr,
  NameComponents,
  ? age: uint,
  * tstr => any
}

NameComponents = (
  ? firstName: tstr,
  ? familyName: tstr,
)`,
  },
  {
    rfc: 'RFC 8610',
    name: "Tables #20",
    cddl: `square-roots = {* x => y}
x = int
y = float`,
  },
  {
    rfc: 'RFC 8610',
    name: "Tables #21",
    cddl: `tostring = {* mynumber => tstr}
mynumber = int / float`,
  },
  {
    rfc: 'RFC 8610',
    name: "Non-deterministic order #22",
    cddl: `labeled-values = {
  ? fritz: number,
  * label => value
}
label = text
value = number`,
  },
  {
    rfc: 'RFC 8610',
    name: "Non-deterministic order #23",
    cddl: `do-not-do-this = {
  int => int,
  int => 6,
}`,
  },
  {
    rfc: 'RFC 8610',
    name: "Cuts in Maps #24",
    cddl: `extensible-map-example = {
  ? "optional-key" => int,
  * tstr => any
}`,
  },
  {
    rfc: 'RFC 8610',
    name: "Cuts in Maps #25",
    cddl: `extensible-map-example = {
  ? "optional-key" ^ => int,
  * tstr => any
}`,
  },
  {
    rfc: 'RFC 8610',
    name: "Cuts in Maps #26",
    cddl: `extensible-map-example = {
  ? "optional-key": int,
  * tstr => any
}`,
  },
  {
    rfc: 'RFC 8610',
    name: "Cuts in Maps #27",
    cddl: `extensible-map-example = {
  ? optional-key: int,
  * tstr => any
}`,
  },
  {
    rfc: 'RFC 8610',
    name: "Tags #28",
    cddl: `biguint = #6.2(bstr)`,
  },
  {
    rfc: 'RFC 8610',
    name: "Tags #29",
    cddl: `buuid = #6.37(bstr)`,
  },
  {
    rfc: 'RFC 8610',
    name: "Tags #30",
    cddl: `my_uri = #6.32(tstr) / tstr`,
  },
  {
    rfc: 'RFC 8610',
    name: "Unwrapping #31",
    cddl: `basic-header-group = (
  field1: int,
  field2: text,
)

basic-header = [ basic-header-group ]

advanced-header = [
  basic-header-group,
  field3: bytes,
  field4: number, ; as in the tagged type "time"
]`,
  },
  {
    rfc: 'RFC 8610',
    name: "Unwrapping #32",
    cddl: `basic-header = [
  field1: int,
  field2: text,
]

advanced-header = [
  ~basic-header,
  field3: bytes,
  field4: ~time,
]`,
  },
  {
    rfc: 'RFC 8610',
    name: "Control operator .size #33",
    cddl: `full-address = [[+ label], ip4, ip6]
ip4 = bstr .size 4
ip6 = bstr .size 16
label = bstr .size (1..63)`,
  },
  {
    rfc: 'RFC 8610',
    name: "Control operator .size #34",
    cddl: `audio_sample = uint .size 3 ; 24-bit, equivalent to 0...16777216`,
  },
  {
    rfc: 'RFC 8610',
    name: "Control operator .bits #35",
    cddl: `tcpflagbytes = bstr .bits flags
flags = &(
  fin: 8,
  syn: 9,
  rst: 10,
  psh: 11,
  ack: 12,
  urg: 13,
  ece: 14,
  cwr: 15,
  ns: 0,
) / (4..7) ; data offset bits

rwxbits = uint .bits rwx
rwx = &(r: 2, w: 1, x: 0)`,
  },
  {
    rfc: 'RFC 8610',
    name: "Control operator .regexp #36",
    cddl: `nai = tstr .regexp "[A-Za-z0-9]+@[A-Za-z0-9]+(\\\\.[A-Za-z0-9]+)+"`,
  },
  {
    rfc: 'RFC 8610',
    name: "Control operators .within and .and #37",
    cddl: `message = $message .within message-structure
message-structure = [message_type, *message_option]
message_type = 0..255
message_option = any

$message /= [3, dough: text, topping: [* text]]
$message /= [4, noodles: text, sauce: text, parmesan: bool]`,
  },
  {
    rfc: 'RFC 8610',
    name: "Control operators .lt, .le, .gt, .ge, .eq, .ne, and .default #38",
    cddl: `speed = number .ge 0  ; unit: m/s`,
  },
  {
    rfc: 'RFC 8610',
    name: "Control operators .lt, .le, .gt, .ge, .eq, .ne, and .default #39",
    cddl: `timer = {
  time: uint,
  ? displayed-step: (number .gt 0) .default 1
}`,
  },
  {
    rfc: 'RFC 8610',
    name: "Socket/Plug #40",
    cddl: `tcp-header = {seq: uint, ack: uint, * $$tcp-option}

; later, in a different file

$$tcp-option //= (
sack: [+(left: uint, right: uint)]
)

; and, maybe in another file

$$tcp-option //= (
sack-permitted: true
)`,
  },
  {
    rfc: 'RFC 8610',
    name: "Socket/Plug #41",
    cddl: `PersonalData = {
  ? displayName: tstr,
  NameComponents,
  ? age: uint,
  * $$personaldata-extensions
}

NameComponents = (
  ? firstName: tstr,
  ? familyName: tstr,
)

; The above already works as is.
; But then, we can add later:

$$personaldata-extensions //= (
  favorite-salsa: tstr,
)

; and again, somewhere else:

$$personaldata-extensions //= (
  shoesize: uint,
)`,
  },
  {
    rfc: 'RFC 8610',
    name: "Generics #42",
    cddl: `messages = message<"reboot", "now"> / message<"sleep", 1..100>
message<t, v> = {type: t, value: v}`,
  },
  {
    rfc: 'RFC 8610',
    name: "Use with JSON #45",
    cddl: `ij-uint = 0..9007199254740991
ij-nint = -9007199254740991..-1
ij-int = -9007199254740991..9007199254740991`,
  },
  {
    rfc: 'RFC 8610',
    name: "Use with JSON #46",
    cddl: `biguint = #6.2(bstr)
bignint = #6.3(bstr)
bigint = biguint / bignint
integer = int / bigint
unsigned = uint / biguint`,
  },
  {
    rfc: 'RFC 8610',
    name: "Appendix H, RFC 7071 #1",
    cddl: `reputation-object = {
  reputation-context,
  reputon-list
}

reputation-context = (
  application: text
)

reputon-list = (
  reputons: reputon-array
)

reputon-array = [* reputon]

reputon = {
  rater-value,
  assertion-value,
  rated-value,
  rating-value,
  ? conf-value,
  ? normal-value,
  ? sample-value,
  ? gen-value,
  ? expire-value,
  * ext-value,
}

rater-value = ( rater: text )
assertion-value = ( assertion: text )
rated-value = ( rated: text )
rating-value = ( rating: float16 )
conf-value = ( confidence: float16 )
normal-value = ( normal-rating: float16 )
sample-value = ( sample-size: uint )
gen-value = ( generated: uint )
expire-value = ( expires: uint )
ext-value = ( text => any )`,
  },
  {
    rfc: 'RFC 8610',
    name: "Appendix H, RFC 7071 #2",
    cddl: `reputation-object = {
  application: text
  reputons: [* reputon]
}

reputon = {
  rater: text
  assertion: text
  rated: text
  rating: float16
  ? confidence: float16
  ? normal-rating: float16
  ? sample-size: uint
  ? generated: uint
  ? expires: uint
  * text => any
}`,
  },
  {
    rfc: 'RFC 8610',
    name: "Appendix H, Examples from JSON Content Rules #3",
    cddl: `root = [2*2 {
  precision: text,
  Latitude: float,
  Longitude: float,
  Address: text,
  City: text,
  State: text,
  Zip: text,
  Country: text
}]`,
  },
  {
    rfc: 'RFC 8610',
    name: "Appendix H, Examples from JSON Content Rules #4",
    cddl: `root = { image }

image = (
  Image: {
    size,
    Title: text,
    thumbnail,
    IDs: [* int]
  }
)

size = (
  Width: 0..1280
  Height: 0..1024
)

thumbnail = (
  Thumbnail: {
    size,
    Url: ~uri
  }
)`,
  },
  {
    rfc: 'RFC 8610',
    name: "Appendix H, Examples from JSON Content Rules #5",
    cddl: `root = {
  Image: {
    size, Title: text,
    Thumbnail: { size, Url: ~uri },
    IDs: [* int]
  }
}

size = (
  Width: 0..1280,
  Height: 0..1024,
)`,
  },
  {
    rfc: 'RFC 9165',
    name: "Numeric Addition #1",
    cddl: `interval<BASE> = (
  BASE => int             ; lower bound
  (BASE .plus 1) => int   ; upper bound
  ? (BASE .plus 2) => int ; tolerance
)

X = 0
Y = 3
rect = {
  interval<X>
  interval<Y>
}`,
  },
  {
    rfc: 'RFC 9165',
    name: "String Concatenation #2",
    cddl: `a = "foo" .cat '
  bar
  baz
'
; on a system where the newline is \\n, is the same string as:
b = "foo\\n  bar\\n  baz\\n"`,
  },
  {
    rfc: 'RFC 9165',
    name: "String Concatenation with Dedenting #3",
    cddl: `oid = bytes .abnfb ("oid" .det cbor-tags-oid)
roid = bytes .abnfb ("roid" .det cbor-tags-oid)

cbor-tags-oid = '
  oid = 1*arc
  roid = *arc
  arc = [nlsb] %x00-7f
  nlsb = %x81-ff *%x80-ff
'`,
  },
  {
    rfc: 'RFC 9165',
    name: "String Concatenation with Dedenting #4",
    cddl: `oid = bytes .abnfb 'oid
oid = 1*arc
roid = *arc
arc = [nlsb] %x00-7f
nlsb = %x81-ff *%x80-ff
'`,
  },
  {
    rfc: 'RFC 9165',
    name: "Embedded ABNF #5",
    cddl: `; for RFC 8943
Tag1004 = #6.1004(text .abnf full-date)
; for RFC 8949
Tag0 = #6.0(text .abnf date-time)

full-date = "full-date" .cat rfc3339
date-time = "date-time" .cat rfc3339

; Note the trick of idiomatically starting with a newline, separating
;   off the element in the concatenations above from the rule-list
rfc3339 = '
   date-fullyear   = 4DIGIT
   date-month      = 2DIGIT  ; 01-12
   date-mday       = 2DIGIT  ; 01-28, 01-29, 01-30, 01-31 based on
                             ; month/year
   time-hour       = 2DIGIT  ; 00-23
   time-minute     = 2DIGIT  ; 00-59
   time-second     = 2DIGIT  ; 00-58, 00-59, 00-60 based on leap sec
                             ; rules
   time-secfrac    = "." 1*DIGIT
   time-numoffset  = ("+" / "-") time-hour ":" time-minute
   time-offset     = "Z" / time-numoffset

   partial-time    = time-hour ":" time-minute ":" time-second
                     [time-secfrac]
   full-date       = date-fullyear "-" date-month "-" date-mday
   full-time       = partial-time time-offset

   date-time       = full-date "T" full-time
' .det rfc5234-core

rfc5234-core = '
   DIGIT          =  %x30-39 ; 0-9
   ; abbreviated here
'`,
  },
  {
    rfc: 'RFC 9165',
    name: "Features #6",
    cddl: `foo = {
  kind: bar / baz .feature (["foo-extensions", "bazify"])
}
bar = tstr
baz = [* int] ; complex stuff that doesn't all need to be in the detail`,
    adapted: "the RFC's placeholders `bar = ...` / `baz = ...` are written as types here",
  },
  {
    rfc: 'RFC 9165',
    name: "Features #7",
    cddl: `person = {
  ? name: text
  ? organization: text
  $$person-extensions
  * (text .feature "further-person-extension") => any
}

$$person-extensions //= (? bloodgroup: text)`,
  },
  {
    rfc: 'RFC 9165',
    name: "Features #8",
    cddl: `allowed-types = number / text / bool / null
              / [* number] / [* text] / [* bool]
              / (any .feature "allowed-type-extension")`,
  },
  {
    rfc: 'RFC 9165',
    name: "Features #9",
    cddl: `SenML-Record = {
; ...
  ? v => number
; ...
}
v = JC<"v", 2>
JC<J,C> = J .feature "json" / C .feature "cbor"`,
  },
  {
    rfc: 'RFC 9741',
    name: "Byte Strings (base encodings) #1",
    cddl: `signature-for-json = text .b64u signature
signature = bytes .cbor COSE_Sign1`,
  },
  {
    rfc: 'RFC 9741',
    name: "Numerals #2",
    cddl: `yang-json-sid = text .base10 (0..9223372036854775807)`,
  },
  {
    rfc: 'RFC 9741',
    name: "Printf-style Formatting #3",
    cddl: `my_alg_19 = hexlabel<19>
hexlabel<K> = text .printf (["0x%04x", K])`,
  },
  {
    rfc: 'RFC 9741',
    name: "Printf-style Formatting #4",
    cddl: `any_alg = hexlabel<1..20>
hexlabel<K> = text .printf (["0x%04x", K])`,
  },
  {
    rfc: 'RFC 9741',
    name: "JSON Values #5",
    cddl: `embedded-claims = text .json claims
claims = {iss: text, exp: text}`,
  },
  {
    rfc: 'RFC 9741',
    name: "Join #6",
    cddl: `legacy-ip-address = text .join legacy-ip-address-elements
legacy-ip-address-elements = [bytetext, ".", bytetext, ".",
                              bytetext, ".", bytetext]
bytetext = text .base10 byte
byte = 0..255`,
  },
  {
    rfc: 'RFC 9682',
    name: "String examples (escapes)",
    cddl: `start = [a, b, c, x, y, z]
; "🁳", DOMINO TILE VERTICAL-02-02, and
; "⌘", PLACE OF INTEREST SIGN, in a text string:
a = "D\\u{6f}mino's \\u{1F073} + \\u{2318}"      ; \\u{}-escape 3 chars
b = "Domino's \\uD83C\\uDC73 + \\u2318"          ; escape JSON-like
c = "Domino's 🁳 + ⌘"                          ; unescaped
; in a byte string given as text, the ' needs to be escaped:
x = 'D\\u{6f}mino\\u{27}s \\u{1F073} + \\u{2318}' ; \\u{}-escape 4 chars
y = 'Domino\\'s \\uD83C\\uDC73 + \\u2318'         ; escape JSON-like
z = 'Domino\\'s 🁳 + ⌘'                         ; escape ' only`,
  },
  {
    rfc: 'RFC 9682',
    name: "Non-literal Tag Numbers, Simple Values",
    cddl: `ct-tag<content> = #6.<ct-tag-number>(content)
ct-tag-number = 1668546817..1668612095
; or use 0x63740101..0x6374FFFF`,
  },
];
