"""The demo district's fixed tables: the real townships of Binhai with their codes, sample
communities and villages, departments, unions, name and phone material, the accounts."""

from lvzhi.core.models import Role

from ..models import Kind

DEMO_PASSWORD = "lvzhi-demo-2026"
DEMO_URL = "http://127.0.0.1:8000/"
SEED = 2026

# 天津市滨海新区 (120116) 的 21 个街道、镇: name and 12-digit statistical code, as in the
# national division list (shared/data/townships.json, key "120116000000"). Region rows
# store the 9-digit township code (the first 9 digits).
BINHAI_TOWNSHIPS = (
    ("杭州道街道", "120116005000"),
    ("新河街道", "120116006000"),
    ("大沽街道", "120116007000"),
    ("新北街道", "120116008000"),
    ("北塘街道", "120116009000"),
    ("胡家园街道", "120116011000"),
    ("泰达街道", "120116012000"),
    ("汉沽街道", "120116021000"),
    ("寨上街道", "120116022000"),
    ("古林街道", "120116033000"),
    ("海滨街道", "120116034000"),
    ("塘沽街道", "120116036000"),
    ("茶淀街道", "120116037000"),
    ("大港街道", "120116038000"),
    ("新港街道", "120116039000"),
    ("新村街道", "120116040000"),
    ("新城镇", "120116100000"),
    ("杨家泊镇", "120116102000"),
    ("太平镇", "120116105000"),
    ("小王庄镇", "120116106000"),
    ("中塘镇", "120116107000"),
)

# Sample communities (社区) and villages (村) per township: illustrative names.
COMMUNITIES = {
    "杭州道街道": ("紫云社区", "福州道社区", "金江社区"),
    "新河街道": ("新河庄社区", "欣嘉园社区", "东沽社区"),
    "大沽街道": ("大沽口社区", "远洋城社区"),
    "新北街道": ("新北社区", "馨园社区", "万科城社区"),
    "北塘街道": ("北塘社区", "宁车沽社区"),
    "胡家园街道": ("胡家园社区", "新袁庄村", "西大沽村"),
    "泰达街道": ("翠亨社区", "泰丰社区", "学府社区"),
    "汉沽街道": ("东风里社区", "河西社区"),
    "寨上街道": ("寨上社区", "东尹村", "蛏头沽村"),
    "古林街道": ("古林社区", "港东社区", "阳光佳园社区"),
    "海滨街道": ("海滨社区", "前进社区"),
    "塘沽街道": ("解放路社区", "新华社区", "福建路社区"),
    "茶淀街道": ("茶淀社区", "崔兴沽村", "大田村"),
    "大港街道": ("晨晖里社区", "育秀街社区", "振业里社区"),
    "新港街道": ("新港社区", "港湾社区"),
    "新村街道": ("新村社区", "永久里社区", "桂林里社区"),
    "新城镇": ("郭庄子村", "大辛庄村", "新城社区"),
    "杨家泊镇": ("杨家泊村", "付庄村", "高庄村"),
    "太平镇": ("太平村", "窦庄子村", "崔庄子村"),
    "小王庄镇": ("小王庄村", "沙井子村", "刘岗庄村"),
    "中塘镇": ("中塘村", "甜水井村", "刘塘庄村"),
}

# Townships whose current term ended and was not renewed (R-OR-08 shows them overdue).
OVERDUE_TOWNSHIPS = {"北塘街道", "茶淀街道"}
# …and a community: 欣嘉园社区, the village chair account's (her workbench shows it).
OVERDUE_VILLAGES = {"BH-FL-006-02"}
# …and a grassroots union (the district union cadre's workbench shows it).
OVERDUE_UNIONS = {"BH-GH-05"}
# Villages (first of their township) that have a 妇女小组 and a 妇女微家.
SMALL_UNIT_TOWNSHIPS = {
    "杭州道街道",
    "新河街道",
    "泰达街道",
    "寨上街道",
    "茶淀街道",
    "新城镇",
    "杨家泊镇",
    "太平镇",
    "中塘镇",
}
HOME_THEMES = ("书香", "巧手", "暖心", "和美", "邻里", "巾帼志愿")

# Birth-place codes for the ID numbers: Binhai was formed in 2009 from 塘沽, 汉沽 and 大港,
# so people born earlier carry those codes.
OLD_DISTRICT = {
    "汉沽街道": "120108",
    "寨上街道": "120108",
    "茶淀街道": "120108",
    "杨家泊镇": "120108",
    "大港街道": "120109",
    "古林街道": "120109",
    "海滨街道": "120109",
    "太平镇": "120109",
    "小王庄镇": "120109",
    "中塘镇": "120109",
}
OTHER_BIRTHPLACES = (
    "120101",
    "120102",
    "120103",
    "120104",
    "120105",
    "120106",
    "120110",
    "120111",
    "120112",
    "120113",
)

FL_DEPARTMENTS = (
    ("办公室", "文电、会务、机要、档案、财务资产、后勤保障和机关日常运转"),
    ("组织部", "基层组织建设、执委队伍建设、妇女干部培训、联系团体会员"),
    ("宣传部", "思想引领、家庭文明建设宣传、网上妇联和新媒体阵地建设"),
    ("权益部", "妇女儿童权益维护、信访接待、婚姻家庭纠纷调解、法律援助"),
    ("家儿部", "家庭家教家风建设、儿童关爱服务、家庭教育指导"),
    ("发展部", "妇女创业就业、巾帼建功、乡村振兴巾帼行动、技能培训"),
    ("妇儿工委办", "区妇女儿童工作委员会日常工作、妇女儿童发展规划监测评估"),
)
GH_DEPARTMENTS = (
    ("宣传网络部", "职工思想政治引领、劳模精神宣传、工会网上工作平台"),
    ("统筹发展部", "工会重点工作统筹、调查研究、职工技能竞赛"),
    ("基层工作部", "基层工会组建、会员发展、工会干部培训"),
    ("权益保障部", "集体协商、劳动争议调处、困难职工帮扶、职工法律援助"),
    ("财务资产管理部", "工会经费收缴与使用管理、工会资产监督管理"),
    ("机关党委", "机关党的建设、党风廉政建设、群团工作"),
)
UNIONS = (
    ("BH-GH-01", "滨海新区人民医院工会", Kind.GRASSROOTS_UNION),
    ("BH-GH-02", "滨海新区公交集团有限公司工会", Kind.GRASSROOTS_UNION),
    ("BH-GH-03", "泰达街道楼宇联合工会", Kind.JOINT_UNION),
    ("BH-GH-04", "新河街道小微企业联合工会", Kind.JOINT_UNION),
    ("BH-GH-05", "中塘镇联合工会", Kind.JOINT_UNION),
)

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭"
    "吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦"
    "江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
FEMALE_CHARS = "丽娜静敏燕艳芳秀英华玲红霞梅琳婷雪晶洁慧颖倩萍莉丹娟楠欣悦佳怡宁瑶璐蕾薇琴云凤兰桂珍淑惠玉翠荣月春晓亚文雅婧琪"
MALE_CHARS = "伟强军磊涛明勇杰斌浩鹏建国志刚平辉峰宇超波"
MOBILE_PREFIXES = (
    "130",
    "131",
    "132",
    "133",
    "134",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "177",
    "180",
    "181",
    "182",
    "183",
    "184",
    "185",
    "186",
    "187",
    "188",
    "189",
    "198",
    "199",
)
MEMBER_WORKPLACES = (
    "{township}综合执法大队 队员",
    "{village}居委会 网格员",
    "滨海新区第{n}中学 教师",
    "滨海新区{township_short}卫生服务中心 医生",
    "天津滨海{n}号律师事务所 律师",
    "滨海新区第{n}幼儿园 园长",
    "天津港{n}公司 职员",
    "个体工商户",
    "{village}巾帼志愿服务队 队长",
    "滨海新区{township_short}社会工作服务站 社工",
    "天津{n}科技有限公司 总经理",
    "退休教师",
    "{village}居民议事会 成员",
    "{township}楼宇党群服务中心 专干",
)


ACCOUNTS = (
    # username, display name, role, org code, include_descendants, department
    ("admin", "平台管理员", Role.PLATFORM_ADMIN, "TJ-FL", True, None),
    ("bh_cadre", "王秀兰", Role.CADRE, "BH-FL", True, None),
    ("xinhe_cadre", "刘静", Role.CADRE, "BH-FL-006", True, None),
    ("quanyi_staff", "陈敏", Role.DEPARTMENT_STAFF, "BH-FL", False, "权益部"),
    ("zhiwei", "", Role.MEMBER, "BH-FL-006-01", False, None),
    # a village chair: a cadre of her own community federation only (欣嘉园社区), her
    # account linked to her person (she sits on its committee and records too)
    ("cun_chair", "", Role.CADRE, "BH-FL-006-02", True, None),
    ("party_approver", "赵建华", Role.PARTY_APPROVER, "BH-FL-006", False, None),
    ("gh_cadre", "孙丽娜", Role.CADRE, "BH-GH", True, None),
)
