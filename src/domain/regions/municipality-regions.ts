/**
 * Statistics Finland's municipality -> region (maakunta) classification, 2025 (the 2021 regional
 * changes included: Iitti in Päijät-Häme, Kuhmoinen in Pirkanmaa, Joroinen in Etelä-Savo, Heinävesi
 * in Pohjois-Karjala). Finnish names of the municipalities, as the classification lists them; the
 * Swedish names of bilingual ones are accepted too (ALIASES). Built without network access from the
 * published classification; when Statistics Finland publishes a change, edit this table and the year.
 */
export const CLASSIFICATION = 'Tilastokeskus, kunnat ja maakunnat (kunta-maakunta-luokitus)';
export const CLASSIFICATION_YEAR = 2025;

export const REGION_MUNICIPALITIES: Readonly<Record<string, readonly string[]>> = {
  Uusimaa: [
    'Askola', 'Espoo', 'Hanko', 'Helsinki', 'Hyvinkää', 'Inkoo', 'Järvenpää', 'Karkkila', 'Kauniainen', 'Kerava', 'Kirkkonummi', 'Lapinjärvi', 'Lohja',
    'Loviisa', 'Myrskylä', 'Mäntsälä', 'Nurmijärvi', 'Pornainen', 'Porvoo', 'Pukkila', 'Raasepori', 'Sipoo', 'Siuntio', 'Tuusula', 'Vantaa', 'Vihti',
  ],
  'Varsinais-Suomi': [
    'Aura', 'Kaarina', 'Kemiönsaari', 'Koski Tl', 'Kustavi', 'Laitila', 'Lieto', 'Loimaa', 'Marttila', 'Masku', 'Mynämäki', 'Naantali', 'Nousiainen',
    'Oripää', 'Paimio', 'Parainen', 'Pyhäranta', 'Pöytyä', 'Raisio', 'Rusko', 'Salo', 'Sauvo', 'Somero', 'Taivassalo', 'Turku', 'Uusikaupunki', 'Vehmaa',
  ],
  Satakunta: [
    'Eura', 'Eurajoki', 'Harjavalta', 'Huittinen', 'Jämijärvi', 'Kankaanpää', 'Karvia', 'Kokemäki', 'Merikarvia', 'Nakkila', 'Pomarkku', 'Pori', 'Rauma',
    'Siikainen', 'Säkylä', 'Ulvila',
  ],
  'Kanta-Häme': ['Forssa', 'Hattula', 'Hausjärvi', 'Humppila', 'Hämeenlinna', 'Janakkala', 'Jokioinen', 'Loppi', 'Riihimäki', 'Tammela', 'Ypäjä'],
  Pirkanmaa: [
    'Akaa', 'Hämeenkyrö', 'Ikaalinen', 'Juupajoki', 'Kangasala', 'Kihniö', 'Kuhmoinen', 'Lempäälä', 'Mänttä-Vilppula', 'Nokia', 'Orivesi', 'Parkano',
    'Pirkkala', 'Punkalaidun', 'Pälkäne', 'Ruovesi', 'Sastamala', 'Tampere', 'Urjala', 'Valkeakoski', 'Vesilahti', 'Virrat', 'Ylöjärvi',
  ],
  'Päijät-Häme': ['Asikkala', 'Hartola', 'Heinola', 'Hollola', 'Iitti', 'Kärkölä', 'Lahti', 'Orimattila', 'Padasjoki', 'Sysmä'],
  Kymenlaakso: ['Hamina', 'Kotka', 'Kouvola', 'Miehikkälä', 'Pyhtää', 'Virolahti'],
  'Etelä-Karjala': ['Imatra', 'Lappeenranta', 'Lemi', 'Luumäki', 'Parikkala', 'Rautjärvi', 'Ruokolahti', 'Savitaipale', 'Taipalsaari'],
  'Etelä-Savo': [
    'Enonkoski', 'Hirvensalmi', 'Joroinen', 'Juva', 'Kangasniemi', 'Mikkeli', 'Mäntyharju', 'Pertunmaa', 'Pieksämäki', 'Puumala', 'Rantasalmi', 'Savonlinna',
    'Sulkava',
  ],
  'Pohjois-Savo': [
    'Iisalmi', 'Kaavi', 'Keitele', 'Kiuruvesi', 'Kuopio', 'Lapinlahti', 'Leppävirta', 'Pielavesi', 'Rautalampi', 'Rautavaara', 'Siilinjärvi', 'Sonkajärvi',
    'Suonenjoki', 'Tervo', 'Tuusniemi', 'Varkaus', 'Vesanto', 'Vieremä',
  ],
  'Pohjois-Karjala': ['Heinävesi', 'Ilomantsi', 'Joensuu', 'Juuka', 'Kitee', 'Kontiolahti', 'Lieksa', 'Liperi', 'Nurmes', 'Outokumpu', 'Polvijärvi', 'Rääkkylä', 'Tohmajärvi'],
  'Keski-Suomi': [
    'Hankasalmi', 'Joutsa', 'Jyväskylä', 'Jämsä', 'Kannonkoski', 'Karstula', 'Keuruu', 'Kinnula', 'Kivijärvi', 'Konnevesi', 'Kyyjärvi', 'Laukaa', 'Luhanka',
    'Multia', 'Muurame', 'Petäjävesi', 'Pihtipudas', 'Saarijärvi', 'Toivakka', 'Uurainen', 'Viitasaari', 'Äänekoski',
  ],
  'Etelä-Pohjanmaa': [
    'Alajärvi', 'Alavus', 'Evijärvi', 'Ilmajoki', 'Isojoki', 'Karijoki', 'Kauhajoki', 'Kauhava', 'Kuortane', 'Kurikka', 'Lappajärvi', 'Lapua', 'Seinäjoki',
    'Soini', 'Teuva', 'Vimpeli', 'Ähtäri',
  ],
  Pohjanmaa: [
    'Isokyrö', 'Kaskinen', 'Korsnäs', 'Kristiinankaupunki', 'Kruunupyy', 'Laihia', 'Luoto', 'Maalahti', 'Mustasaari', 'Närpiö', 'Pedersören kunta',
    'Pietarsaari', 'Uusikaarlepyy', 'Vaasa', 'Vöyri',
  ],
  'Keski-Pohjanmaa': ['Halsua', 'Kannus', 'Kaustinen', 'Kokkola', 'Lestijärvi', 'Perho', 'Toholampi', 'Veteli'],
  'Pohjois-Pohjanmaa': [
    'Alavieska', 'Haapajärvi', 'Haapavesi', 'Hailuoto', 'Ii', 'Kalajoki', 'Kempele', 'Kuusamo', 'Kärsämäki', 'Liminka', 'Lumijoki', 'Merijärvi', 'Muhos',
    'Nivala', 'Oulainen', 'Oulu', 'Pudasjärvi', 'Pyhäjoki', 'Pyhäjärvi', 'Pyhäntä', 'Raahe', 'Reisjärvi', 'Sievi', 'Siikajoki', 'Siikalatva', 'Taivalkoski',
    'Tyrnävä', 'Utajärvi', 'Vaala', 'Ylivieska',
  ],
  Kainuu: ['Hyrynsalmi', 'Kajaani', 'Kuhmo', 'Paltamo', 'Puolanka', 'Ristijärvi', 'Sotkamo', 'Suomussalmi'],
  Lappi: [
    'Enontekiö', 'Inari', 'Kemi', 'Kemijärvi', 'Keminmaa', 'Kittilä', 'Kolari', 'Muonio', 'Pelkosenniemi', 'Pello', 'Posio', 'Ranua', 'Rovaniemi', 'Salla',
    'Savukoski', 'Simo', 'Sodankylä', 'Tervola', 'Tornio', 'Utsjoki', 'Ylitornio',
  ],
  Ahvenanmaa: [
    'Brändö', 'Eckerö', 'Finström', 'Föglö', 'Geta', 'Hammarland', 'Jomala', 'Kumlinge', 'Kökar', 'Lemland', 'Lumparland', 'Maarianhamina', 'Saltvik',
    'Sottunga', 'Sund', 'Vårdö',
  ],
};

/** Other spellings an export may use: Swedish names of bilingual municipalities, and short forms. */
const ALIASES: Readonly<Record<string, string>> = {
  Helsingfors: 'Helsinki', Esbo: 'Espoo', Vanda: 'Vantaa', Grankulla: 'Kauniainen', Kervo: 'Kerava', Kyrkslätt: 'Kirkkonummi', Borgå: 'Porvoo',
  Sibbo: 'Sipoo', Lojo: 'Lohja', Lovisa: 'Loviisa', Raseborg: 'Raasepori', Hangö: 'Hanko', Ingå: 'Inkoo', Sjundeå: 'Siuntio', Lappträsk: 'Lapinjärvi',
  Mörskom: 'Myrskylä', Åbo: 'Turku', Pargas: 'Parainen', 'Kimitoön': 'Kemiönsaari', Nådendal: 'Naantali', Reso: 'Raisio', 'S:t Karins': 'Kaarina',
  Nystad: 'Uusikaupunki', Björneborg: 'Pori', Raumo: 'Rauma', Tammerfors: 'Tampere', Tavastehus: 'Hämeenlinna', Lahtis: 'Lahti',
  Fredrikshamn: 'Hamina', Villmanstrand: 'Lappeenranta', 'S:t Michel': 'Mikkeli', Nyslott: 'Savonlinna',
  Vasa: 'Vaasa', Karleby: 'Kokkola', Jakobstad: 'Pietarsaari', Nykarleby: 'Uusikaarlepyy', Kristinestad: 'Kristiinankaupunki',
  Kaskö: 'Kaskinen', Närpes: 'Närpiö', Korsholm: 'Mustasaari', Malax: 'Maalahti', Vörå: 'Vöyri', Larsmo: 'Luoto', Kronoby: 'Kruunupyy',
  Pedersöre: 'Pedersören kunta', Storkyro: 'Isokyrö', Laihela: 'Laihia', Uleåborg: 'Oulu', Brahestad: 'Raahe', Torneå: 'Tornio',
  Mariehamn: 'Maarianhamina', Koski: 'Koski Tl',
};

const key = (name: string) => name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('fi');

const BY_MUNICIPALITY: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const [region, names] of Object.entries(REGION_MUNICIPALITIES)) for (const n of names) m.set(key(n), region);
  for (const [alias, name] of Object.entries(ALIASES)) {
    const region = m.get(key(name));
    if (region && !m.has(key(alias))) m.set(key(alias), region);
  }
  return m;
})();

/** The region (maakunta) of a municipality by its Finnish or Swedish name; null when unknown or blank. */
export function regionOfMunicipality(name: string | null | undefined): string | null {
  if (!name) return null;
  return BY_MUNICIPALITY.get(key(name)) ?? null;
}

export const REGIONS: readonly string[] = Object.keys(REGION_MUNICIPALITIES);
export const MUNICIPALITY_COUNT = Object.values(REGION_MUNICIPALITIES).reduce((n, l) => n + l.length, 0);
