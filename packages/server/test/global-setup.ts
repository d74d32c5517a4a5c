// Placeholder: replaced by the PostgreSQL probe once the server core lands.
export default function setup(): void {}
