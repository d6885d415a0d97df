namespace CartStorage.Redis;

/// <summary>
/// The Lua scripts of <see cref="RedisStorage"/>. Redis runs a script atomically (no other command runs between its
/// first and last call), and every script touches the keys of one identifier only (one hash slot), so each one is a
/// single atomic step on a single server or cluster node. A script checks everything before its first write, so an
/// error never leaves a half-done change (Redis does not roll back a script that fails midway).
/// </summary>
/// <remarks>
/// Replies: <c>{1}</c> done; <c>{0, actual}</c> the stored version is not the expected one, nothing written;
/// <c>{-1}</c> a key holds data this library did not write (wrong type, missing field), nothing written;
/// <c>{-2}</c> (claim only) the cart already has a pending move.
/// </remarks>
internal static class RedisCartScripts
{
    /// <summary>
    /// <c>version(key)</c>: the stored version of a cart as text, <c>'0'</c> when it does not exist, <c>nil</c> when the
    /// key is not a cart. <c>same(key, current, expectedVersion, expectedId)</c>: whether the stored cart (at version
    /// <c>current</c>) is the expected one: the same version and, for an existing cart, the same id (field <c>i</c>, 32
    /// hex digits; a cart written before that field existed has it only in its document). A cart removed and created
    /// again restarts at version 1 with a new id, so the version alone could name a cart the caller never read.
    /// <c>indexable(key)</c>: the index key is a hash or absent. <c>unindex(key, instance)</c>. <c>outlive(key, ttl)</c>:
    /// pushes the expiry of an index to at least <c>ttl</c> ms (nothing when <c>ttl</c> is not positive).
    /// </summary>
    internal const string Functions = """
        local function version(key)
          local kind = redis.call('TYPE', key)['ok']
          if kind == 'none' then return '0' end
          if kind ~= 'hash' then return nil end
          local v = redis.call('HGET', key, 'v')
          if not v or redis.call('HEXISTS', key, 'd') == 0 then return nil end
          return v
        end
        local function same(key, current, version, id)
          if current ~= version then return false end
          if current == '0' then return true end
          local stored = redis.call('HGET', key, 'i')
          if not stored then
            local ok, doc = pcall(cjson.decode, redis.call('HGET', key, 'd'))
            if not ok or type(doc) ~= 'table' or type(doc['id']) ~= 'string' then return false end
            stored = string.lower(string.gsub(doc['id'], '-', ''))
          end
          return stored == id
        end
        local function indexable(key)
          local kind = redis.call('TYPE', key)['ok']
          return kind == 'hash' or kind == 'none'
        end
        local function unindex(key, instance)
          if redis.call('TYPE', key)['ok'] == 'hash' then
            redis.call('HDEL', key, instance)
            if redis.call('HLEN', key) == 0 then redis.call('DEL', key) end
          end
        end
        local function outlive(key, ttl)
          if ttl > 0 and redis.call('PTTL', key) < ttl then redis.call('PEXPIRE', key, ttl) end
        end

        """;

    /// <summary>
    /// Writes a cart if its version and id are the expected ones (a cart removed and created again starts over at
    /// version 1 with a new id, so the version alone could match a cart the writer never read), refreshes its expiry and
    /// lists it in the index (whose expiry never falls before the cart's). With a third key (the target of a move), also
    /// sets it, with the cart's TTL: the record that the move was absorbed, which outlives a checkout or expiry of the
    /// cart. KEYS: cart, index[, absorbed record]. ARGV: expected version, next version, document, TTL in ms, instance,
    /// encoded instance, expected id, id written, the item limits every item was checked against (field <c>l</c>, see
    /// <see cref="RedisDeltaScript"/>; the empty string when the writer did not check them all, and then <c>l</c> is left
    /// naming an older version, which no delta takes).
    /// </summary>
    public const string Write = Functions + """
        local current = version(KEYS[1])
        if not current or not indexable(KEYS[2]) then return {-1} end
        if not same(KEYS[1], current, ARGV[1], ARGV[7]) then return {0, current} end
        redis.call('HSET', KEYS[1], 'v', ARGV[2], 'd', ARGV[3], 'i', ARGV[8])
        if ARGV[9] ~= '' then redis.call('HSET', KEYS[1], 'l', ARGV[9] .. ':' .. ARGV[2]) end
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        redis.call('HSET', KEYS[2], ARGV[5], ARGV[6])
        outlive(KEYS[2], tonumber(ARGV[4]))
        if KEYS[3] then redis.call('SET', KEYS[3], '1', 'PX', ARGV[4]) end
        return {1}
        """;

    /// <summary>
    /// Removes a cart and its index entry; with an expected version and id, only if the stored cart is that one (a
    /// missing cart is version 0). Without one, whatever the key holds (the way to remove corrupt data). KEYS: cart,
    /// index. ARGV: expected version or the empty string, instance, expected id.
    /// </summary>
    public const string Delete = Functions + """
        if ARGV[1] ~= '' then
          local current = version(KEYS[1])
          if not current then return {-1} end
          if not same(KEYS[1], current, ARGV[1], ARGV[3]) then return {0, current} end
        end
        redis.call('DEL', KEYS[1])
        unindex(KEYS[2], ARGV[2])
        return {1}
        """;

    /// <summary>
    /// First step of a swap or merge: if the source cart is the one read (version and id) and has no pending move,
    /// renames it to its pending key (keeping its expiry), records there the move (marker, target identifier, mode),
    /// removes it from the index and lists it in the pending index (whose expiry never falls before the pending key's),
    /// with the target cart as the mover read it (<c>e</c>: id and version, or <c>0</c> for none).
    /// KEYS: cart, index, pending, pending index. ARGV: expected version, instance, marker, target identifier, mode,
    /// expected id, encoded instance, target as read.
    /// </summary>
    public const string Claim = Functions + """
        if redis.call('EXISTS', KEYS[3]) == 1 then return {-2} end
        local current = version(KEYS[1])
        if not current or not indexable(KEYS[4]) then return {-1} end
        if not same(KEYS[1], current, ARGV[1], ARGV[6]) then return {0, current} end
        redis.call('RENAME', KEYS[1], KEYS[3])
        redis.call('HSET', KEYS[3], 'a', ARGV[3], 't', ARGV[4], 'm', ARGV[5], 'e', ARGV[8])
        unindex(KEYS[2], ARGV[2])
        redis.call('HSET', KEYS[4], ARGV[2], ARGV[7])
        outlive(KEYS[4], redis.call('PTTL', KEYS[3]))
        return {1}
        """;

    /// <summary>
    /// Puts a pending move back as the source cart (a merge that turned out to break the limits, a swap whose target
    /// changed since its claim), if it is still the move with this marker and no new cart took the source's place; lists
    /// it in the index again and removes it from the pending index. Replies <c>{1}</c> restored, <c>{0}</c> no such move
    /// (settled by someone else), <c>{-2}</c> the move is pending but its place is taken. KEYS: cart, index, pending,
    /// pending index. ARGV: marker, instance, encoded instance.
    /// </summary>
    public const string Restore = Functions + """
        if redis.call('HGET', KEYS[3], 'a') ~= ARGV[1] then return {0} end
        if redis.call('EXISTS', KEYS[1]) == 1 or not indexable(KEYS[2]) then return {-2} end
        redis.call('HDEL', KEYS[3], 'a', 't', 'm', 'e')
        redis.call('RENAME', KEYS[3], KEYS[1])
        redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
        outlive(KEYS[2], redis.call('PTTL', KEYS[1]))
        unindex(KEYS[4], ARGV[2])
        return {1}
        """;

    /// <summary>
    /// Last step of a swap or merge: removes the pending move, and its pending index entry, if it is still the one with
    /// this marker. KEYS: pending, pending index. ARGV: marker, instance.
    /// </summary>
    public const string DeletePending = Functions + """
        if redis.call('HGET', KEYS[1], 'a') == ARGV[1] then
          redis.call('DEL', KEYS[1])
          unindex(KEYS[2], ARGV[2])
          return {1}
        end
        return {0}
        """;

    /// <summary>
    /// The two groups an index script works on, read before the script: <c>carts</c> (the instance index and the cart of
    /// each instance it listed) and <c>pending</c> (the pending index and the pending key of each instance it listed).
    /// A group whose index was empty at the read is not declared (a key that does not exist would make a migrating slot
    /// refuse the script for the whole migration). KEYS: [index, the n carts] [pending index, the m pending keys]. ARGV:
    /// n, m, the n instances, the m pending instances, in the same order. If an index declared no longer lists exactly
    /// the instances read, the script returns <c>{0}</c> at once, changing nothing, and the caller reads again.
    /// </summary>
    private const string IndexGroups = """
        local groups, k, a = {}, 1, 2
        for g = 1, 2 do
          local n = tonumber(ARGV[g])
          local group = {n = n, keys = {}, instances = {}}
          if n > 0 then
            group.index = KEYS[k]
            for i = 1, n do
              group.keys[i] = KEYS[k + i]
              group.instances[i] = ARGV[a + i]
            end
            if redis.call('HLEN', group.index) ~= n then return {0} end
            for i = 1, n do
              if redis.call('HEXISTS', group.index, group.instances[i]) == 0 then return {0} end
            end
            k, a = k + n + 1, a + n
          end
          groups[g] = group
        end

        """;

    /// <summary>
    /// The instances of an identifier whose cart exists, and those whose pending move exists, dropping the index entries
    /// of expired carts and pending moves. Every key it touches is declared (<see cref="IndexGroups"/>). Reply:
    /// <c>{1, live, pending}</c>, or <c>{0}</c> when an index changed since it was read.
    /// </summary>
    public const string Instances = IndexGroups + """
        local function existing(group)
          local found = {}
          for i = 1, group.n do
            if redis.call('EXISTS', group.keys[i]) == 1 then
              found[#found + 1] = group.instances[i]
            else
              redis.call('HDEL', group.index, group.instances[i])
            end
          end
          return found
        end
        return {1, existing(groups[1]), existing(groups[2])}
        """;

    /// <summary>
    /// Removes every cart and every pending move an identifier's indexes list, and the indexes. Every key it touches is
    /// declared (<see cref="IndexGroups"/>). Reply: <c>{1}</c>, or <c>{0}</c> when an index changed since it was read.
    /// </summary>
    public const string ForgetIdentifier = IndexGroups + """
        for i = 1, #KEYS do
          redis.call('DEL', KEYS[i])
        end
        return {1}
        """;
}
