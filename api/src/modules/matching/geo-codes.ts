/**
 * INSEE codes of the 18 régions and 101 départements (COG since 2016 for régions; Corsica as
 * 2A/2B; the five overseas départements-régions). Sites store `region` and `department` as these
 * codes, and project needs are validated against them, so a typo ("6" for "06", "44" as a
 * région meant as a département) is a 400 naming the field instead of an empty result.
 * Source: INSEE Code officiel géographique (https://www.insee.fr/fr/information/2560452).
 * Collectivities that are not départements (Saint-Martin 978, Saint-Barthélemy 977,
 * Saint-Pierre-et-Miquelon 975, Polynésie…) are deliberately absent: no site can sit there.
 */

export interface Region {
  code: string;
  name: string;
  overseas: boolean;
}

export interface Department {
  code: string;
  name: string;
  regionCode: string;
}

export const REGIONS: readonly Region[] = [
  { code: '01', name: 'Guadeloupe', overseas: true },
  { code: '02', name: 'Martinique', overseas: true },
  { code: '03', name: 'Guyane', overseas: true },
  { code: '04', name: 'La Réunion', overseas: true },
  { code: '06', name: 'Mayotte', overseas: true },
  { code: '11', name: 'Île-de-France', overseas: false },
  { code: '24', name: 'Centre-Val de Loire', overseas: false },
  { code: '27', name: 'Bourgogne-Franche-Comté', overseas: false },
  { code: '28', name: 'Normandie', overseas: false },
  { code: '32', name: 'Hauts-de-France', overseas: false },
  { code: '44', name: 'Grand Est', overseas: false },
  { code: '52', name: 'Pays de la Loire', overseas: false },
  { code: '53', name: 'Bretagne', overseas: false },
  { code: '75', name: 'Nouvelle-Aquitaine', overseas: false },
  { code: '76', name: 'Occitanie', overseas: false },
  { code: '84', name: 'Auvergne-Rhône-Alpes', overseas: false },
  { code: '93', name: "Provence-Alpes-Côte d'Azur", overseas: false },
  { code: '94', name: 'Corse', overseas: false },
];

const d = (code: string, name: string, regionCode: string): Department => ({ code, name, regionCode });

export const DEPARTMENTS: readonly Department[] = [
  d('01', 'Ain', '84'),
  d('02', 'Aisne', '32'),
  d('03', 'Allier', '84'),
  d('04', 'Alpes-de-Haute-Provence', '93'),
  d('05', 'Hautes-Alpes', '93'),
  d('06', 'Alpes-Maritimes', '93'),
  d('07', 'Ardèche', '84'),
  d('08', 'Ardennes', '44'),
  d('09', 'Ariège', '76'),
  d('10', 'Aube', '44'),
  d('11', 'Aude', '76'),
  d('12', 'Aveyron', '76'),
  d('13', 'Bouches-du-Rhône', '93'),
  d('14', 'Calvados', '28'),
  d('15', 'Cantal', '84'),
  d('16', 'Charente', '75'),
  d('17', 'Charente-Maritime', '75'),
  d('18', 'Cher', '24'),
  d('19', 'Corrèze', '75'),
  d('2A', 'Corse-du-Sud', '94'),
  d('2B', 'Haute-Corse', '94'),
  d('21', "Côte-d'Or", '27'),
  d('22', "Côtes-d'Armor", '53'),
  d('23', 'Creuse', '75'),
  d('24', 'Dordogne', '75'),
  d('25', 'Doubs', '27'),
  d('26', 'Drôme', '84'),
  d('27', 'Eure', '28'),
  d('28', 'Eure-et-Loir', '24'),
  d('29', 'Finistère', '53'),
  d('30', 'Gard', '76'),
  d('31', 'Haute-Garonne', '76'),
  d('32', 'Gers', '76'),
  d('33', 'Gironde', '75'),
  d('34', 'Hérault', '76'),
  d('35', 'Ille-et-Vilaine', '53'),
  d('36', 'Indre', '24'),
  d('37', 'Indre-et-Loire', '24'),
  d('38', 'Isère', '84'),
  d('39', 'Jura', '27'),
  d('40', 'Landes', '75'),
  d('41', 'Loir-et-Cher', '24'),
  d('42', 'Loire', '84'),
  d('43', 'Haute-Loire', '84'),
  d('44', 'Loire-Atlantique', '52'),
  d('45', 'Loiret', '24'),
  d('46', 'Lot', '76'),
  d('47', 'Lot-et-Garonne', '75'),
  d('48', 'Lozère', '76'),
  d('49', 'Maine-et-Loire', '52'),
  d('50', 'Manche', '28'),
  d('51', 'Marne', '44'),
  d('52', 'Haute-Marne', '44'),
  d('53', 'Mayenne', '52'),
  d('54', 'Meurthe-et-Moselle', '44'),
  d('55', 'Meuse', '44'),
  d('56', 'Morbihan', '53'),
  d('57', 'Moselle', '44'),
  d('58', 'Nièvre', '27'),
  d('59', 'Nord', '32'),
  d('60', 'Oise', '32'),
  d('61', 'Orne', '28'),
  d('62', 'Pas-de-Calais', '32'),
  d('63', 'Puy-de-Dôme', '84'),
  d('64', 'Pyrénées-Atlantiques', '75'),
  d('65', 'Hautes-Pyrénées', '76'),
  d('66', 'Pyrénées-Orientales', '76'),
  d('67', 'Bas-Rhin', '44'),
  d('68', 'Haut-Rhin', '44'),
  d('69', 'Rhône', '84'),
  d('70', 'Haute-Saône', '27'),
  d('71', 'Saône-et-Loire', '27'),
  d('72', 'Sarthe', '52'),
  d('73', 'Savoie', '84'),
  d('74', 'Haute-Savoie', '84'),
  d('75', 'Paris', '11'),
  d('76', 'Seine-Maritime', '28'),
  d('77', 'Seine-et-Marne', '11'),
  d('78', 'Yvelines', '11'),
  d('79', 'Deux-Sèvres', '75'),
  d('80', 'Somme', '32'),
  d('81', 'Tarn', '76'),
  d('82', 'Tarn-et-Garonne', '76'),
  d('83', 'Var', '93'),
  d('84', 'Vaucluse', '93'),
  d('85', 'Vendée', '52'),
  d('86', 'Vienne', '75'),
  d('87', 'Haute-Vienne', '75'),
  d('88', 'Vosges', '44'),
  d('89', 'Yonne', '27'),
  d('90', 'Territoire de Belfort', '27'),
  d('91', 'Essonne', '11'),
  d('92', 'Hauts-de-Seine', '11'),
  d('93', 'Seine-Saint-Denis', '11'),
  d('94', 'Val-de-Marne', '11'),
  d('95', "Val-d'Oise", '11'),
  d('971', 'Guadeloupe', '01'),
  d('972', 'Martinique', '02'),
  d('973', 'Guyane', '03'),
  d('974', 'La Réunion', '04'),
  d('976', 'Mayotte', '06'),
];

export const REGION_BY_CODE: ReadonlyMap<string, Region> = new Map(REGIONS.map((r) => [r.code, r]));
export const DEPARTMENT_BY_CODE: ReadonlyMap<string, Department> = new Map(
  DEPARTMENTS.map((dp) => [dp.code, dp]),
);

/** `isRegionCode('44')` → true (Grand Est); `isRegionCode('4')` → false. */
export function isRegionCode(code: string): boolean {
  return REGION_BY_CODE.has(code);
}

/** `isDepartmentCode('2A')` → true; `isDepartmentCode('20')` → false (Corsica split in 1976). */
export function isDepartmentCode(code: string): boolean {
  return DEPARTMENT_BY_CODE.has(code);
}

/**
 * Département of a commune INSEE code: `departmentOfCommune('97411')` → '974',
 * `departmentOfCommune('2A004')` → '2A', `departmentOfCommune('78361')` → '78'.
 */
export function departmentOfCommune(insee: string): string | undefined {
  const code = insee.startsWith('97') ? insee.slice(0, 3) : insee.slice(0, 2);
  return DEPARTMENT_BY_CODE.has(code) ? code : undefined;
}
