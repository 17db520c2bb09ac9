-- The default scoring policy, default@1 (design sections 5 and 6). Never edit this row:
-- a changed policy is a new version in a new migration, so past assessments stay reproducible.
insert into scoring_policies (version, parameters) values ('default@1', '{
  "version": "default@1",
  "weights": { "presence": 10, "recency": 25, "cadence": 20, "conversation": 15, "authorship": 10, "relevance": 20, "followers": 0 },
  "tiers": { "relayerRepostShare": 0.6, "minAuthoredPosts": 6, "engagedMinOriginalPosts": 3, "engagedMinReplies": 5 },
  "active": { "maxDaysSinceAuthoredPost": 30, "minRelevantOriginalPosts": 1 },
  "scales": {
    "recencyFullPointsWithinDays": 7,
    "cadenceFullPointsPostsPer30Days": 8,
    "conversationFullPointsReplies": 10,
    "relevanceBioShare": 0.4,
    "relevanceFullPointsPostShare": 0.5
  },
  "bands": { "strong": 70, "moderate": 40, "weak": 1 }
}');
