using RecruitSignal.Assessments;
using RecruitSignal.Explanations;
using RecruitSignal.Presence;
using RecruitSignal.Reviews;
using RecruitSignal.Scoring;

namespace RecruitSignal.Reports;

/// <summary>What a recruiter reads, in French. The factors' sentences are said again from the evidence, since the stored ones are English.</summary>
public sealed class ReportTextsFr : ReportTexts
{
    public override string Code => "fr";

    public override string About(string? candidateName, string employer) =>
        candidateName is null ? $"Un candidat ou une candidate de {employer}." : $"{candidateName}, candidature chez {employer}.";
    public override string NotADecision(string networks) =>
        $"Ceci est un signal pour un recruteur ou une recruteuse, pas une décision d'embauche. Il mesure une activité professionnelle publique sur {networks}, pas la personne.";
    public override string Footer(string expiresOn) => $"Ce lien fonctionne jusqu'au {expiresOn}. {NoCookie}";
    public override string NoCookie => "La page ne dépose aucun cookie et ne charge rien d'ailleurs.";

    public override string ResultHeading => "Résultat";
    public override string ScoreLine(int score, string band) => $"Score : {score} sur 100 (niveau : {band}).";
    public override string NoScore => "Pas de score : il n'y avait rien à noter.";
    public override string TierLine(string tier) => $"Type de présence : {tier}.";
    public override string ActiveLine(bool active, string networks) =>
        active ? $"Présence professionnelle active sur {networks} : oui." : $"Présence professionnelle active sur {networks} : non.";
    public override string Summary(AssessmentResponse a, IReadOnlyList<string>? read = null) => Why(a) switch
    {
        "failed" => "Le compte n'a pas pu être lu : rien n'a été noté.",
        "declined" => Read(read) is [var one]
            ? $"La personne a refusé que son compte {Networks.DisplayName(one)} soit consulté : rien n'a été lu, et un refus n'est jamais compté comme une absence."
            : $"La personne a refusé que ses comptes {Networks.Join(Read(read), Code, Conjunction.Or)} soient consultés : rien n'a été lu, et un refus n'est jamais compté comme une absence.",
        "no_account" => Read(read) is [var one]
            ? $"La personne a indiqué ne pas avoir de compte {Networks.DisplayName(one)}."
            : $"La personne a indiqué n'avoir aucun compte sur {Networks.Join(Read(read), Code, Conjunction.Or)}.",
        "not_verified" => HandleProof.NetworksNotVerified(a) is [var network]
            ? $"La politique de notation ne retient qu'un compte prouvé en se connectant avec {Networks.DisplayName(network)} ; celui-ci ne l'a pas été, il n'a donc pas été lu."
            : $"La politique de notation ne retient qu'un compte prouvé en se connectant sur son réseau ; les comptes {Networks.Join(HandleProof.NetworksNotVerified(a), Code, Conjunction.And)} ne l'ont pas été, ils n'ont donc pas été lus.",
        "protected" => "Le compte est privé : son activité n'était pas visible.",
        "suspended" => "Le compte est suspendu : son activité n'était pas visible.",
        "absent" => "Aucun compte X n'a été trouvé.",
        "no_evidence" => "Aucune information sur l'activité du compte n'était disponible.",
        _ => a.PresenceTier switch
        {
            PresenceTier.Engaged => "Écrit ses propres messages et converse avec d'autres personnes.",
            PresenceTier.Publisher => "Écrit ses propres messages.",
            PresenceTier.Relayer => "Partage surtout ce que d'autres ont écrit.",
            _ => "A un compte, avec peu d'activité personnelle.",
        },
    };

    public override string FactorsHeading => "Comment le score a été calculé";
    public override string FactorsIntro => "Chaque critère, son poids dans la politique, les points obtenus et pourquoi. La somme des points fait le score.";
    public override string FactorName(string factor) => factor switch
    {
        Factors.Presence => "Présence",
        Factors.Recency => "Récence",
        Factors.Cadence => "Rythme",
        Factors.Conversation => "Conversation",
        Factors.Authorship => "Messages personnels",
        Factors.Relevance => "Lien avec le poste",
        Factors.Followers => "Abonnés",
        _ => factor,
    };
    public override string FactorPoints(string points, string weight) => $"{points} points sur {weight}";
    public override string FactorSentence(FactorResult factor, EvidenceSummary evidence)
    {
        var e = evidence;
        var (original, replies, reposts) = (e.OriginalPosts ?? 0, e.Replies ?? 0, e.Reposts ?? 0);
        var (authored, total) = (original + replies, original + replies + reposts);
        return factor.Factor switch
        {
            Factors.Presence => "Le compte existe et il est public.",
            Factors.Recency when e.LastAuthoredPostAt is { } last && Math.Max(0, (e.ObservedAt - last).TotalDays) is var days =>
                $"Dernier message ou réponse le {Date(last)}, {Number(days)} {(days < 2 ? "jour" : "jours")} avant l'observation.",
            Factors.Recency => "La date du dernier message ou de la dernière réponse est inconnue.",
            Factors.Cadence => $"{authored} messages et réponses en {e.WindowDays} jours, soit {Number(authored * 30.0 / e.WindowDays)} par période de 30 jours.",
            Factors.Conversation => $"{replies} réponses à d'autres personnes sur la période.",
            Factors.Authorship when total == 0 => "Aucune activité sur la période.",
            Factors.Authorship => $"{authored} des {total} messages de la période sont les siens ({Number(authored * 100.0 / total)} %).",
            Factors.Relevance => (e.BioMatchedTerms.Count > 0 ? "La description du profil mentionne un terme du poste" : "La description du profil ne mentionne aucun terme du poste")
                + (original == 0 ? " ; aucun message original à examiner." : $" ; {e.RelevantOriginalPosts ?? 0} de ses {original} messages originaux en mentionnent un."),
            Factors.Followers => "Les abonnés sont notés mais ne comptent pas : la popularité n'est pas la modernité.",
            _ => "",
        };
    }
    public override string NothingCounted => "Aucun critère n'a été compté : il n'y avait pas d'activité visible.";

    public override string EvidenceHeading => "Ce qui a été observé";
    public override string NoEvidence => "Rien n'a été observé.";
    public override string Window => "Période";
    public override string WindowValue(int days, string until) => $"{days} jours jusqu'au {until}";
    public override string SourceLabel => "Source";
    public override string Source(EvidenceSource source) => source switch
    {
        EvidenceSource.XApi => "lu par l'API de X",
        EvidenceSource.NetworkApi => "lu par l'API publique du réseau",
        _ => "déclaré par l'ATS",
    };
    public override string OwnPosts => "Messages personnels";
    public override string Replies => "Réponses à d'autres personnes";
    public override string Reposts => "Partages";
    public override string RelevantPosts => "Messages personnels mentionnant un terme du poste";
    public override string LastOwnPost => "Dernier message ou réponse";
    public override string Unknown => "inconnu";
    public override string BioTerms => "Termes du poste dans la description du profil";
    public override string NoBioTerm => "aucun";

    public override string HandleHeading => "D'où vient le compte";
    public override string Handle(AssessmentHandle? handle) => handle switch
    {
        null => "Aucun compte X n'a été évalué.",
        { Ownership: HandleOwnership.Verified } => $"@{handle.Username} : la personne a prouvé qu'il est le sien en se connectant avec {NetworkOf(handle)}.",
        { Ownership: HandleOwnership.Claimed } => $"@{handle.Username} : saisi par la personne, sans preuve.",
        _ => $"@{handle.Username} : transmis par l'ATS.",
    };

    public override string ConsentHeading => "Consentement";
    public override string Consent(bool granted, string day, string method) =>
        granted ? $"Donné le {day}, {method}." : $"Refusé ou retiré le {day}, {method}.";
    public override string NoConsent => "Aucun consentement enregistré : rien n'a été lu sur X.";
    public override string Method(string method) => method switch
    {
        _ when SignedInWith(method) is { } network => $"en se connectant avec {network} sur la page candidat",
        "candidate_page_typed_handle" => "en saisissant son nom d'utilisateur sur la page candidat",
        "candidate_page_decline" => "en refusant sur la page candidat",
        "candidate_page_withdraw" => "en le retirant sur la page candidat",
        _ => $"tel qu'enregistré par l'ATS ({method})",
    };

    public override string ReviewHeading => "Examen humain";
    public override string Review(ReviewState state, Band? overrideBand) => state switch
    {
        ReviewState.Confirmed => "Un recruteur ou une recruteuse a examiné ce résultat et l'a confirmé.",
        ReviewState.Overridden => $"Un recruteur ou une recruteuse a examiné ce résultat et a changé son niveau en « {BandName(overrideBand ?? Band.Unknown)} ».",
        ReviewState.Contested => "La personne a contesté ce résultat ; il attend un nouvel examen.",
        _ => "Personne n'a encore examiné ce résultat.",
    };

    public override string PolicyHeading => "Politique de notation";
    public override string Policy(string version, string assessedOn) => $"Noté avec la politique {version}, pour l'activité observée le {assessedOn}.";

    public override string NotFoundTitle => "Ce rapport n'existe pas";
    public override string NotFoundText => "Vérifiez que le lien a été copié en entier. Un rapport n'est accessible que par le lien remis au recruteur.";
    public override string EndedTitle => "Ce lien de rapport a pris fin";
    public override string EndedText => "Le lien a expiré ou l'employeur l'a révoqué. Redemandez le résultat depuis votre logiciel de recrutement.";

    public override string TierName(PresenceTier tier) => tier switch
    {
        PresenceTier.Engaged => "engagé",
        PresenceTier.Publisher => "auteur",
        PresenceTier.Relayer => "relais",
        PresenceTier.Passive => "passif",
        PresenceTier.Absent => "absent",
        _ => "non vérifié",
    };

    protected override ExplanationLanguage Words => ExplanationLanguage.French;
}
