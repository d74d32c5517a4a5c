// Turns spec component names into TypeScript identifiers and keeps them unique.

/** Names the generated modules import or declare themselves. */
const RESERVED = new Set(['Type', 'Static', 'operations', 'OperationDefinition']);

/** `User.List` → `UserList`, `verification_otp` → `VerificationOtp`, `JWKS.rsa.PublicKey` → `JWKSRsaPublicKey`. */
export function toConstName(specName: string): string {
  const parts = specName.split(/[^A-Za-z0-9]+/).filter((part) => part.length > 0);
  const name = parts.map((part) => part[0]!.toUpperCase() + part.slice(1)).join('');
  if (name.length === 0) throw new Error(`Cannot derive an identifier from "${specName}"`);
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** A response component's body const: `User.List` → `UserListResponse`. */
export function toResponseConstName(specName: string): string {
  const base = toConstName(specName);
  return base.endsWith('Response') ? base : `${base}Response`;
}

/** Hands out identifiers and fails loudly when two spec names map to the same one. */
export class NameRegistry {
  private readonly owners = new Map<string, string>();

  claim(constName: string, owner: string): string {
    if (RESERVED.has(constName)) {
      throw new Error(`${owner} maps to the reserved identifier ${constName}`);
    }
    const previous = this.owners.get(constName);
    if (previous !== undefined && previous !== owner) {
      throw new Error(`${owner} and ${previous} both map to the identifier ${constName}`);
    }
    this.owners.set(constName, owner);
    return constName;
  }

  has(constName: string): boolean {
    return this.owners.has(constName) || RESERVED.has(constName);
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** An object literal key: bare when it is an identifier, quoted otherwise (`'x5t#S256'`). */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}
