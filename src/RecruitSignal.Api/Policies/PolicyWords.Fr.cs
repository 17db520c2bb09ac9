using RecruitSignal.Presence;

namespace RecruitSignal.Policies;

/// <summary>La logique d'une politique de notation, en français.</summary>
public sealed class PolicyWordsFr : PolicyWords
{
    public override string Code => "fr";
    public override string PresenceOn(string networks) => $"Présence professionnelle sur {networks}";
    public override string Summary(string version, string networks) =>
        $"La politique de notation {version} transforme l'activité publique d'un candidat sur {networks}, observée sur une fenêtre de jours, en un niveau de présence, "
        + "une réponse à la question « y a-t-il une présence professionnelle active ? » et un score de 0 à 100 expliqué critère par critère. "
        + "Elle ne lit aucune catégorie démographique. Le résultat est un signal pour un recruteur, jamais une décision d'embauche.";

    public override string TierTitle => "Niveau de présence (la première règle qui s'applique)";
    public override string TierAbsent => "Aucun compte connu et aucune observation, ou compte introuvable : absent (absent).";
    public override string TierUnverified(bool requireVerifiedOwnership, IReadOnlyList<string> networks) =>
        "Un compte est connu mais pas encore observé, ou il est suspendu ou protégé, ou le candidat a refusé : non vérifié (unverified), sans score."
        + (!requireVerifiedOwnership ? ""
            : networks.Count == 1 ? $" Un compte dont le candidat n'a pas prouvé qu'il est le sien en se connectant avec {RecruitSignal.Presence.Networks.DisplayName(networks[0])} est aussi non vérifié."
            : $" Un compte dont le candidat n'a pas prouvé qu'il est le sien en se connectant sur son propre réseau ({RecruitSignal.Presence.Networks.Join(networks, Code, Conjunction.Or)}) est aussi non vérifié, et ce réseau n'est pas lu.");
    public override string TierNoActivity => "Aucun message, réponse ni partage dans la fenêtre : passif (passive).";
    public override string TierRelayer(string share) => $"Les partages font {share} ou plus de l'activité : relais (relayer).";
    public override string TierFewAuthored(int minAuthored) => $"Moins de {minAuthored} messages et réponses écrits par le candidat : passif (passive).";
    public override string TierEngaged(int minOriginal, int minReplies) => $"Au moins {minOriginal} messages originaux et {minReplies} réponses : engagé (engaged).";
    public override string TierPublisher => "Sinon : auteur (publisher).";

    public override string ActiveTitle => "Présence professionnelle active";
    public override string Active(int maxDays, int minRelevantPosts) =>
        $"Vraie seulement si les trois conditions sont réunies : le niveau est auteur ou engagé ; le dernier message ou la dernière réponse du candidat date d'au plus {maxDays} jours avant l'observation "
        + $"(une date inconnue compte comme non) ; et la bio mentionne un terme pertinent, ou au moins {minRelevantPosts} messages originaux le font.";
    public override string RelevanceTerms =>
        "Les termes pertinents sont les mots-clés du poste s'ils sont donnés, sinon les mots significatifs de l'intitulé du poste et du titre du candidat, reconnus en entier, sans tenir compte des majuscules ni des accents.";

    public override string ScoreTitle => "Score : les critères et leurs poids";
    public override string ScoreSum(string total) => $"Le score est la somme des points des critères ci-dessous, arrondie ; leurs poids totalisent {total}.";
    public override string Presence(string weight) => $"Présence, poids {weight} : les {weight} points quand le compte est trouvé et public.";
    public override string Recency(string weight, int fullWithinDays) =>
        $"Récence, poids {weight} : tous les points quand le dernier message ou la dernière réponse date d'au plus {fullWithinDays} jours, puis une baisse en ligne droite jusqu'à 0 pour un message aussi ancien que la fenêtre d'observation ; 0 quand cette date est inconnue.";
    public override string Cadence(string weight, string fullRate) =>
        $"Rythme, poids {weight} : messages et réponses du candidat par 30 jours, tous les points à partir de {fullRate}, en proportion en dessous.";
    public override string Conversation(string weight, int fullReplies) =>
        $"Conversation, poids {weight} : réponses à d'autres personnes dans la fenêtre, tous les points à partir de {fullReplies}, en proportion en dessous.";
    public override string Authorship(string weight) =>
        $"Écriture, poids {weight} : la part des messages et réponses écrits par le candidat dans toute son activité, fois {weight} ; 0 sans activité.";
    public override string Relevance(string weight, string bioPoints, string postsPoints, string fullShare) =>
        $"Pertinence, poids {weight} : {bioPoints} points quand la bio mentionne un terme pertinent, plus jusqu'à {postsPoints} points selon la part des messages originaux qui en mentionnent un, tous à partir de {fullShare} ; aucun de ces points sans message original.";
    public override string Followers(string weight) => weight == "0"
        ? "Abonnés, poids 0 : enregistrés, jamais notés (la popularité n'est pas une activité professionnelle, et elle suit l'ancienneté)."
        : $"Abonnés, poids {weight}.";

    public override string BandsTitle => "Tranches";
    public override string Bands(int strong, int moderate, int weak) =>
        $"Fort à partir d'un score de {strong}, moyen à partir de {moderate}, faible à partir de {weak}, aucun signal en dessous de {weak}.";
    public override string NoScoreBand => "Inconnu quand il n'y a pas de score.";

    public override string AbsenceTitle => "Absence de compte et refus";
    public override string AbsenceScoresZero => "Un candidat sans compte (aucun trouvé, ou aucun selon le candidat) obtient 0, tranche « aucun signal ».";
    public override string AbsenceNotScored =>
        "Un candidat sans compte (aucun trouvé, ou aucun selon le candidat) n'est pas noté : pas de score, tranche inconnue, si bien que l'absence de compte ne pèse contre personne.";
    public override string Declined => "Un candidat qui refuse que son compte soit lu n'est jamais noté comme absent : pas de score, tranche inconnue.";

    protected override char DecimalSeparator => ',';
}
