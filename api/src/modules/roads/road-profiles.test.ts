import { describe, expect, it } from 'vitest';
import { lineLengthM, parseMaxspeed, wayProfile } from './road-profiles.ts';

describe('road profiles', () => {
  it('reads maxspeed in km/h, mph and French zones, and nothing else', () => {
    expect(parseMaxspeed('50')).toBe(50);
    expect(parseMaxspeed('30 mph')).toBeCloseTo(48.28, 2);
    expect(parseMaxspeed('FR:urban')).toBe(50);
    expect(parseMaxspeed('FR:rural')).toBe(80);
    expect(parseMaxspeed('signals')).toBeNull();
    expect(parseMaxspeed('0')).toBeNull();
    expect(parseMaxspeed(undefined)).toBeNull();
  });

  it('uses maxspeed when tagged, else the class default, and caps trucks at 90/80', () => {
    expect(wayProfile({ highway: 'motorway' })).toMatchObject({ carKmh: 130, truckKmh: 90 });
    expect(wayProfile({ highway: 'primary' })).toMatchObject({ carKmh: 80, truckKmh: 80 });
    expect(wayProfile({ highway: 'trunk', maxspeed: '110' })).toMatchObject({ carKmh: 110, truckKmh: 80 });
    expect(wayProfile({ highway: 'residential', maxspeed: '30' })).toMatchObject({
      carKmh: 30,
      truckKmh: 30,
    });
  });

  it('follows oneway, roundabouts and motorways, and -1 reverses', () => {
    expect(wayProfile({ highway: 'secondary', oneway: 'yes' })!.car).toEqual({
      forward: true,
      backward: false,
    });
    expect(wayProfile({ highway: 'secondary', junction: 'roundabout' })!.car.backward).toBe(false);
    expect(wayProfile({ highway: 'motorway' })!.car.backward).toBe(false);
    expect(wayProfile({ highway: 'motorway', oneway: 'no' })!.car.backward).toBe(true);
    expect(wayProfile({ highway: 'tertiary', oneway: '-1' })!.car).toEqual({
      forward: false,
      backward: true,
    });
  });

  it('leaves out what is not a road for motor vehicles, and keeps the exceptions', () => {
    const notRoads: Array<Record<string, string>> = [
      { highway: 'footway' },
      { highway: 'track' },
      { highway: 'service', access: 'private' },
      { highway: 'residential', motor_vehicle: 'no' },
      { highway: 'pedestrian' },
      { highway: 'service', area: 'yes' },
    ];
    for (const t of notRoads) expect(wayProfile(t)).toBeNull();
    expect(wayProfile({ highway: 'service', access: 'no', motor_vehicle: 'yes' })).not.toBeNull();
    expect(wayProfile({ highway: 'residential', hgv: 'no' })!.truck).toEqual({
      forward: false,
      backward: false,
    });
  });

  it('measures a line on the sphere', () => {
    // One minute of latitude is a nautical mile (1,852 m) within 0.5 %.
    expect(
      lineLengthM([
        [7.42, 43.7],
        [7.42, 43.7 + 1 / 60],
      ]),
    ).toBeCloseTo(1853, -1);
  });
});
