# Known vectors for src/lib/ledger.test.ts, computed by the server's own ledger code:
#   /tmp/venv/bin/python scripts/ledger-vectors.py > src/lib/ledger.vectors.json
# (any Python with the ecosystem package installed).
import base64, json
from ecosystem.ledger.merkle import MerkleTree, leaf_hash
from ecosystem.ledger.canonical import canonical_json
from ecosystem.ledger.checkpoints import Checkpoint, sign_checkpoint, load_private_key, public_key_to_base64, key_id
b=lambda x: base64.b64encode(x).decode()
entries=[]
for i in range(7):
    e={"v":1,"index":i,"entity":"match" if i%2 else "need","id":3000+i,"from":None if i==0 else "OPEN","to":"APPROVED","at":1740790800+i,"region":"370983","parties":[12,7],"actor_role":"GOV_OFFICIAL","value_fen":1050000+i,"quantity":3,"refs":{"need":3001,"note":"图书角"} if i==3 else {"need":3001}}
    entries.append(canonical_json(e).decode("utf-8"))
t=MerkleTree([leaf_hash(e.encode()) for e in entries])
seed=bytes(range(32))
sk=load_private_key(base64.b64encode(seed).decode())
cp=Checkpoint(7,t.root(7),1740790900)
s=sign_checkpoint(cp,sk)
out={"entries":entries,"leafHashes":[b(leaf_hash(e.encode())) for e in entries],"treeSize":7,"root":b(t.root(7)),
 "proofs":{str(i):[b(h) for h in t.inclusion_proof(i,7)] for i in range(7)},
 "root5":b(t.root(5)),"proof2in5":[b(h) for h in t.inclusion_proof(2,5)],
 "note":cp.note().decode(),"signature":b(s.signature),"publicKey":public_key_to_base64(sk.public_key()),"keyId":key_id(sk.public_key())}
print(json.dumps(out,ensure_ascii=False,indent=1))
