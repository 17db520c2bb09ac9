// What a TypeScript integrator writes against the types openapi-typescript generates from the document
// (generated/schema.d.ts, written by the test run). tsc --noEmit must accept it: it fails when a field the
// service treats as optional is required, when a number is typed `number | string`, or when an enum is a free string.
import type { components, operations } from "./generated/schema";

type Schemas = components["schemas"];
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

// The README's first example body, as written there: only what the caller knows.
export const screening: Schemas["ScreeningRequest"] = {
  candidate: { externalId: "ats-1001", fullName: "Camille Martin", headline: "Data engineer", twitter: "@camille_m" },
  job: { title: "Senior data engineer", keywords: ["data engineering", "python"] },
  evidence: {
    status: "found", windowDays: 90, originalPosts: 12, replies: 9, reposts: 4,
    lastAuthoredPostAt: "2026-11-24T11:16:16Z", bio: "Data engineering with Python and PostgreSQL", relevantOriginalPosts: 5,
  },
};

// The smallest screening the service accepts, and consent given with only what it requires.
export const minimal: Schemas["ScreeningRequest"] = { candidate: { externalId: "ats-1002" } };
export const consent: Schemas["ConsentRequest"] = { granted: false, method: "email" };
export const webhook: Schemas["CreateWebhookRequest"] = { url: "https://ats.example.com/hooks", events: ["assessment.created"] };

// Numbers are numbers, in bodies and in query parameters.
export const scoreIsANumber: Exactly<NonNullable<Schemas["AssessmentResponse"]["score"]>, number> = true;
export const repliesIsANumber: Exactly<NonNullable<Schemas["DeclaredEvidence"]["replies"]>, number> = true;
export const statusIsANumber: Exactly<Schemas["ProblemDetails"]["status"], number> = true;
type ListQuery = NonNullable<operations["ListAssessments"]["parameters"]["query"]>;
export const limitIsANumber: Exactly<NonNullable<ListQuery["limit"]>, number> = true;

// Closed sets are unions of their documented values, in bodies and in query parameters (spelt in lower case).
export const band: Schemas["Band"] = "strong";
export const bandFilter: ListQuery = { band: "moderate", limit: 100, cursor: "opaque" };
// @ts-expect-error: a band outside the documented set does not type-check
export const notABand: Schemas["Band"] = "excellent";
// @ts-expect-error: "Band" is not a query parameter; "band" is
export const capitalised: ListQuery = { Band: "strong" };

// Problems: the members the service sends are typed, errors is a map of string lists.
export const problem: Schemas["HttpValidationProblemDetails"] = {
  type: "https://tools.ietf.org/html/rfc9110#section-15.5.1", title: "The request is not valid.", status: 400,
  traceId: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
  errors: { "candidate.twitter": ["'linkedin.com' is not an X host."] },
};
export const errorsAreStringLists: Exactly<NonNullable<Schemas["HttpValidationProblemDetails"]["errors"]>[string], string[]> = true;

// Responses promise every field they always send.
export function headline(a: Schemas["AssessmentResponse"]): string {
  return `${a.externalId}: ${a.band} (${a.score ?? "no score"}), ${a.factors.map((f) => `${f.factor} ${f.points}/${f.weight}`).join(", ")}`;
}
