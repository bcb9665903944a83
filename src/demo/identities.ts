/**
 * Plausible Chinese identity data for demo customers: names, resident id numbers with real area
 * codes and check digits, mobile numbers with real carrier prefixes, bank cards with real BINs and
 * Luhn digits, addresses and IP ranges per city. All invented; none belongs to a real person.
 */
import { nationalIdCheckChar } from '../ingest/domain/field-rules.js';
import type { Rng } from '../shared/prng.js';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '华', '鑫', '宇', '浩', '婷', '晨', '欣怡', '子涵', '思远', '嘉怡', '俊杰', '雨桐', '志强', '海燕'];

export interface City {
  name: string;
  /** First six digits of resident ids issued there. */
  areaCode: string;
  district: string;
  /** Two leading octets of addresses its broadband and mobile users get. */
  ipPrefixes: readonly string[];
}

export const CITIES: readonly City[] = [
  { name: '北京市', areaCode: '110105', district: '朝阳区', ipPrefixes: ['123.113', '114.242', '221.216'] },
  { name: '上海市', areaCode: '310115', district: '浦东新区', ipPrefixes: ['116.231', '180.166', '101.86'] },
  { name: '广州市', areaCode: '440106', district: '天河区', ipPrefixes: ['113.108', '183.6', '14.215'] },
  { name: '深圳市', areaCode: '440305', district: '南山区', ipPrefixes: ['119.123', '183.14', '113.87'] },
  { name: '杭州市', areaCode: '330106', district: '西湖区', ipPrefixes: ['115.236', '122.224', '60.191'] },
  { name: '成都市', areaCode: '510107', district: '武侯区', ipPrefixes: ['171.221', '125.70', '182.150'] },
  { name: '武汉市', areaCode: '420106', district: '武昌区', ipPrefixes: ['59.172', '219.139', '27.17'] },
  { name: '西安市', areaCode: '610113', district: '雁塔区', ipPrefixes: ['113.140', '117.36', '124.115'] },
  { name: '南京市', areaCode: '320106', district: '鼓楼区', ipPrefixes: ['180.110', '58.213', '218.94'] },
  { name: '重庆市', areaCode: '500103', district: '渝中区', ipPrefixes: ['113.204', '222.177', '183.230'] },
];

/** Addresses fraud rings use: hosting and proxy ranges rather than home broadband. */
export const PROXY_IP_PREFIXES = ['45.152', '103.152', '154.91', '185.220', '194.165'];

const STREETS = ['建国路', '人民路', '中山路', '解放路', '长安街', '南京路', '科技园路', '文化路', '和平街', '滨江大道'];

const MOBILE_PREFIXES = ['134', '135', '136', '137', '138', '139', '150', '151', '152', '157', '158', '159', '182', '183', '187', '188', '130', '131', '132', '155', '156', '185', '186', '133', '153', '180', '181', '189', '199', '177'];

/** Issuer prefixes (BINs) of large Chinese banks' debit cards, with the bank code. */
const BINS: ReadonlyArray<readonly [string, string]> = [
  ['622202', 'ICBC'],
  ['621700', 'CCB'],
  ['622848', 'ABC'],
  ['621661', 'BOC'],
  ['622588', 'CMB'],
  ['622262', 'BOCOM'],
  ['621799', 'PSBC'],
];

export function personName(rng: Rng): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN);
}

/** An 18-digit resident id for someone born in `birthYear`, with a correct check character. */
export function residentId(rng: Rng, city: City, birthYear: number): string {
  const month = rng.int(1, 12);
  const day = rng.int(1, 28);
  const body = `${city.areaCode}${birthYear}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(rng.int(0, 999)).padStart(3, '0')}`;
  return body + nationalIdCheckChar(body);
}

export function mobileNumber(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export function bankCard(rng: Rng): { number: string; bankCode: string } {
  const [bin, bankCode] = rng.pick(BINS);
  const body = bin + String(rng.int(0, 999_999_999)).padStart(9, '0') + String(rng.int(0, 999)).padStart(3, '0');
  return { number: body + luhnDigit(body), bankCode };
}

export function address(rng: Rng, city: City): string {
  return `${city.name}${city.district}${rng.pick(STREETS)}${rng.int(1, 300)}号${rng.int(1, 30)}栋${rng.int(101, 2505)}室`;
}

export function homeIp(rng: Rng, city: City): string {
  return `${rng.pick(city.ipPrefixes)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

export function proxyIp(rng: Rng): string {
  return `${rng.pick(PROXY_IP_PREFIXES)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

const PHONE_MODELS: ReadonlyArray<readonly ['ios' | 'android', string, string]> = [
  ['ios', 'iPhone15,2', '17.4'],
  ['ios', 'iPhone14,5', '16.6'],
  ['ios', 'iPhone16,1', '18.1'],
  ['android', 'HUAWEI Mate 60', 'HarmonyOS 4.0'],
  ['android', 'Xiaomi 14', '14'],
  ['android', 'OPPO Reno11', '14'],
  ['android', 'vivo X100', '14'],
  ['android', 'HONOR 90', '13'],
  ['android', 'Redmi K70', '14'],
];

export interface DeviceProfile {
  platform: 'ios' | 'android' | 'web';
  model: string;
  osVersion: string;
}

export function deviceProfile(rng: Rng): DeviceProfile {
  if (rng.chance(0.08)) return { platform: 'web', model: rng.pick(['Chrome', 'Safari', 'Edge']), osVersion: rng.pick(['Windows 11', 'macOS 14']) };
  const [platform, model, osVersion] = rng.pick(PHONE_MODELS);
  return { platform, model, osVersion };
}
