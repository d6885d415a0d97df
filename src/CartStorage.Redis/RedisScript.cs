using StackExchange.Redis;

namespace CartStorage.Redis;

/// <summary>A script sent by its SHA1 (<c>EVALSHA</c>, a few bytes); its text only when the server does not know it yet (<c>NOSCRIPT</c>), which also caches it there.</summary>
internal sealed class RedisScript(string text)
{
    private readonly byte[] sha1 = System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(text));

    public async Task<RedisResult> EvaluateAsync(IDatabase db, RedisKey[] keys, RedisValue[] values)
    {
        try
        {
            return await db.ScriptEvaluateAsync(sha1, keys, values).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await db.ScriptEvaluateAsync(text, keys, values).ConfigureAwait(false);
        }
    }
}
