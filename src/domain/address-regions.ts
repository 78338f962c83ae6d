/** Region codes for the countries whose addresses need one (see address.ts REGION_REQUIRED). */
export const REGIONS: Record<string, Record<string, string>> = {
  US: {
    AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado', CT: 'Connecticut',
    DE: 'Delaware', DC: 'District of Columbia', FL: 'Florida', GA: 'Georgia', HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois',
    IN: 'Indiana', IA: 'Iowa', KS: 'Kansas', KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine', MD: 'Maryland',
    MA: 'Massachusetts', MI: 'Michigan', MN: 'Minnesota', MS: 'Mississippi', MO: 'Missouri', MT: 'Montana',
    NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire', NJ: 'New Jersey', NM: 'New Mexico', NY: 'New York',
    NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio', OK: 'Oklahoma', OR: 'Oregon', PA: 'Pennsylvania',
    RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota', TN: 'Tennessee', TX: 'Texas', UT: 'Utah',
    VT: 'Vermont', VA: 'Virginia', WA: 'Washington', WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming',
    PR: 'Puerto Rico',
  },
  CA: {
    AB: 'Alberta', BC: 'British Columbia', MB: 'Manitoba', NB: 'New Brunswick', NL: 'Newfoundland and Labrador',
    NS: 'Nova Scotia', NT: 'Northwest Territories', NU: 'Nunavut', ON: 'Ontario', PE: 'Prince Edward Island',
    QC: 'Quebec', SK: 'Saskatchewan', YT: 'Yukon',
  },
  AU: {
    ACT: 'Australian Capital Territory', NSW: 'New South Wales', NT: 'Northern Territory', QLD: 'Queensland',
    SA: 'South Australia', TAS: 'Tasmania', VIC: 'Victoria', WA: 'Western Australia',
  },
};

/** Russian names people use for the regions most often typed in Russian. */
export const REGION_NAMES_RU: Record<string, [string, string]> = {
  'техас': ['US', 'TX'], 'калифорния': ['US', 'CA'], 'нью йорк': ['US', 'NY'], 'флорида': ['US', 'FL'],
  'вашингтон': ['US', 'WA'], 'иллинойс': ['US', 'IL'], 'онтарио': ['CA', 'ON'], 'квебек': ['CA', 'QC'],
  'британская колумбия': ['CA', 'BC'],
};

/** Names and short forms of countries that Intl.DisplayNames does not give. Keys are normalised. */
export const COUNTRY_ALIASES: Record<string, string> = {
  'usa': 'US', 'us': 'US', 'u s': 'US', 'u s a': 'US', 'united states of america': 'US', 'america': 'US', 'the us': 'US',
  'the usa': 'US', 'the united states': 'US', 'the states': 'US', 'the us of a': 'US', 'сша': 'US', 'штаты': 'US', 'америка': 'US', 'соединенные штаты америки': 'US',
  'uk': 'GB', 'u k': 'GB', 'great britain': 'GB', 'britain': 'GB', 'england': 'GB', 'scotland': 'GB', 'wales': 'GB',
  'the uk': 'GB', 'англия': 'GB', 'британия': 'GB', 'соединенное королевство': 'GB',
  'russian federation': 'RU', 'рф': 'RU', 'российская федерация': 'RU', 'россии': 'RU', 'rus': 'RU',
  'deutschland': 'DE', 'германии': 'DE', 'deu': 'DE', 'фрг': 'DE',
  'holland': 'NL', 'the netherlands': 'NL', 'голландия': 'NL', 'nederland': 'NL',
  'france': 'FR', 'франции': 'FR', 'fra': 'FR', 'españa': 'ES', 'espana': 'ES', 'italia': 'IT', 'schweiz': 'CH',
  'suisse': 'CH', 'österreich': 'AT', 'osterreich': 'AT', 'polska': 'PL', 'україна': 'UA', 'беларусь': 'BY',
  'белоруссия': 'BY', 'казахстан': 'KZ', 'can': 'CA', 'aus': 'AU', 'gbr': 'GB', 'канады': 'CA',
};
