package corpus

// The vocabulary: English/Chinese pairs. Templates name slots in braces, one
// character each, filled the same way in both languages so the two versions
// of a story say the same thing:
//
//	{P} place  {p} another place  {T} topic  {B} topic as a headline word
//	{G} the topic's goal (a verb phrase)  {A} {a} two different related terms
//	{O} the acting organisation  {Q} an expert organisation
//	{N} {R} first person and role  {M} {S} second person and role
//	{D} day of the week  {C} month  {Y} a later year  {y} an earlier year
//	{%} {^} small percentages  {H} a large percentage  {K} a count
//	{$} an amount of money  {I} a small number in words  {X} a quotation
//
// The Chinese side uses 水, 芯, 才 and 质 only in the water, flood, chip, talent
// and productive-forces vocabulary, so the search-test terms (水, 人才, 芯片,
// 新质生产力 …) occur only where, and as often as, the topic weights put them.

// pair is one piece of text, or one template, in both languages.
type pair struct{ en, zh string }

// place is a dateline: its names, its pinyin for Chinese slugs and its currency.
type place struct {
	en, zh, py string
	cur        byte // 'y' yuan, 'e' euro, 'd' dollar
}

var places = []place{
	{"Beijing", "北京", "beijing", 'y'},
	{"Shanghai", "上海", "shanghai", 'y'},
	{"Shenzhen", "深圳", "shenzhen", 'y'},
	{"Guangzhou", "广州", "guangzhou", 'y'},
	{"Chengdu", "成都", "chengdu", 'y'},
	{"Wuhan", "武汉", "wuhan", 'y'},
	{"Hangzhou", "杭州", "hangzhou", 'y'},
	{"Nanjing", "南京", "nanjing", 'y'},
	{"Xi'an", "西安", "xian", 'y'},
	{"Chongqing", "重庆", "chongqing", 'y'},
	{"Tianjin", "天津", "tianjin", 'y'},
	{"Suzhou", "苏州", "suzhou", 'y'},
	{"Hefei", "合肥", "hefei", 'y'},
	{"Kunming", "昆明", "kunming", 'y'},
	{"Harbin", "哈尔滨", "haerbin", 'y'},
	{"Lanzhou", "兰州", "lanzhou", 'y'},
	{"Xiamen", "厦门", "xiamen", 'y'},
	{"Qingdao", "青岛", "qingdao", 'y'},
	{"Changsha", "长沙", "changsha", 'y'},
	{"Zhengzhou", "郑州", "zhengzhou", 'y'},
	{"Hong Kong", "香港", "xianggang", 'd'},
	{"London", "伦敦", "lundun", 'd'},
	{"Paris", "巴黎", "bali", 'e'},
	{"Berlin", "柏林", "bolin", 'e'},
	{"Tokyo", "东京", "dongjing", 'd'},
	{"Seoul", "首尔", "shouer", 'd'},
	{"Singapore", "新加坡", "xinjiapo", 'd'},
	{"Jakarta", "雅加达", "yajiada", 'd'},
	{"Mumbai", "孟买", "mengmai", 'd'},
	{"Nairobi", "内罗毕", "neiluobi", 'd'},
	{"Lagos", "拉各斯", "lagesi", 'd'},
	{"Cairo", "开罗", "kailuo", 'd'},
	{"Sao Paulo", "圣保罗", "shengbaoluo", 'd'},
	{"Mexico City", "墨西哥城", "moxigecheng", 'd'},
	{"Toronto", "多伦多", "duolunduo", 'd'},
	{"Sydney", "悉尼", "xini", 'd'},
	{"Istanbul", "伊斯坦布尔", "yisitanbuer", 'd'},
	{"Madrid", "马德里", "madeli", 'e'},
	{"Rome", "罗马", "luoma", 'e'},
	{"Warsaw", "华沙", "huasha", 'd'},
	{"Geneva", "日内瓦", "rineiwa", 'd'},
	{"Brussels", "布鲁塞尔", "buluseer", 'e'},
	{"Dubai", "迪拜", "dibai", 'd'},
	{"Hanoi", "河内", "henei", 'd'},
	{"Bangkok", "曼谷", "mangu", 'd'},
	{"Manila", "马尼拉", "manila", 'd'},
	{"Lima", "利马", "lima", 'd'},
	{"Buenos Aires", "布宜诺斯艾利斯", "buyinuosiailisi", 'd'},
	{"Johannesburg", "约翰内斯堡", "yuehanneisibao", 'd'},
	{"Vancouver", "温哥华", "wengehua", 'd'},
	{"Oslo", "奥斯陆", "aosilu", 'd'},
	{"Helsinki", "赫尔辛基", "heerxinji", 'e'},
	{"Lisbon", "里斯本", "lisiben", 'e'},
	{"Athens", "雅典", "yadian", 'e'},
}

// Names are invented: Chinese ones from surname and given name, others from
// first and last name with their usual transliterations.
var (
	surnames = []pair{
		{"Wang", "王"}, {"Li", "李"}, {"Zhang", "张"}, {"Liu", "刘"}, {"Chen", "陈"},
		{"Yang", "杨"}, {"Zhao", "赵"}, {"Huang", "黄"}, {"Zhou", "周"}, {"Wu", "吴"},
		{"Xu", "徐"}, {"Sun", "孙"}, {"Hu", "胡"}, {"Zhu", "朱"}, {"Gao", "高"},
		{"Lin", "林"}, {"He", "何"}, {"Guo", "郭"}, {"Ma", "马"}, {"Luo", "罗"},
		{"Liang", "梁"}, {"Song", "宋"}, {"Zheng", "郑"}, {"Xie", "谢"}, {"Han", "韩"},
		{"Tang", "唐"}, {"Feng", "冯"}, {"Deng", "邓"}, {"Cao", "曹"}, {"Peng", "彭"},
	}
	givenNames = []pair{
		{"Jianguo", "建国"}, {"Wei", "伟"}, {"Fang", "芳"}, {"Xiaoming", "晓明"}, {"Lihua", "丽华"},
		{"Haiyan", "海燕"}, {"Jun", "军"}, {"Min", "敏"}, {"Jing", "静"}, {"Yufei", "宇飞"},
		{"Zhiqiang", "志强"}, {"Xinyi", "欣怡"}, {"Hao", "浩"}, {"Yan", "燕"}, {"Chenxi", "晨曦"},
		{"Mingyu", "明宇"}, {"Shuang", "爽"}, {"Tao", "涛"}, {"Lei", "磊"}, {"Qing", "青"},
		{"Ying", "颖"}, {"Bo", "博"}, {"Kai", "凯"}, {"Yue", "悦"}, {"Jiayi", "佳怡"},
		{"Zihan", "子涵"}, {"Yutong", "雨桐"}, {"Haoran", "浩然"}, {"Wenjie", "文杰"}, {"Ruolan", "若兰"},
	}
	firstNames = []pair{
		{"Elena", "埃琳娜"}, {"Daniel", "丹尼尔"}, {"Amara", "阿玛拉"}, {"Tomas", "托马斯"}, {"Priya", "普丽娅"},
		{"Lucas", "卢卡斯"}, {"Sofia", "索菲娅"}, {"Omar", "奥马尔"}, {"Hannah", "汉娜"}, {"Kwame", "夸梅"},
		{"Ingrid", "英格丽德"}, {"Mateo", "马特奥"}, {"Fatima", "法蒂玛"}, {"Jonas", "约纳斯"}, {"Claire", "克莱尔"},
		{"Rafael", "拉斐尔"}, {"Nadia", "娜迪娅"}, {"Samuel", "塞缪尔"}, {"Leila", "莱拉"}, {"Marcus", "马库斯"},
		{"Anika", "阿妮卡"}, {"Felix", "费利克斯"}, {"Grace", "格蕾丝"}, {"Viktor", "维克托"},
	}
	lastNames = []pair{
		{"Okafor", "奥卡福"}, {"Marsh", "马什"}, {"Lindqvist", "林德奎斯特"}, {"Haddad", "哈达德"},
		{"Moreau", "莫罗"}, {"Castillo", "卡斯蒂略"}, {"Brennan", "布伦南"}, {"Novak", "诺瓦克"},
		{"Mensah", "门萨"}, {"Kowalski", "科瓦尔斯基"}, {"Ferreira", "费雷拉"}, {"Sato", "佐藤"},
		{"Andersen", "安德森"}, {"Whitfield", "惠特菲尔德"}, {"Osei", "奥塞伊"}, {"Petrov", "彼得罗夫"},
		{"Dubois", "杜布瓦"}, {"Reyes", "雷耶斯"}, {"Nakamura", "中村"}, {"Abiodun", "阿比奥顿"},
		{"Harrow", "哈罗"}, {"Keller", "凯勒"}, {"Rossi", "罗西"}, {"O'Neill", "奥尼尔"},
	}
	// reporters is the newsroom whose names appear in bylines.
	reporters = []pair{
		{"Helen Carver", "海伦·卡弗"}, {"Zhou Min", "周敏"}, {"Tom Aldridge", "汤姆·奥尔德里奇"},
		{"Chen Yufei", "陈宇飞"}, {"Ruth Ekwueme", "露丝·埃奎梅"}, {"Li Haoran", "李浩然"},
		{"Sam Ortega", "萨姆·奥尔特加"}, {"Wang Jing", "王静"}, {"Nina Brandt", "尼娜·勃兰特"},
		{"Gao Wenjie", "高文杰"}, {"David Mbatha", "戴维·姆巴塔"}, {"Xu Qing", "徐青"},
		{"Laura Kim", "劳拉·金"}, {"Peng Lei", "彭磊"}, {"Arjun Mehta", "阿尔琼·梅塔"},
		{"Song Yue", "宋悦"}, {"Emma Lowe", "埃玛·洛"}, {"Tang Bo", "唐博"},
		{"Yusuf Demir", "优素福·德米尔"}, {"Lin Ruolan", "林若兰"},
	}
	roles = []pair{
		{"an economist", "经济学家"}, {"a senior researcher", "高级研究员"}, {"an analyst", "分析师"},
		{"a professor", "教授"}, {"a policy adviser", "政策顾问"}, {"a spokesperson", "发言人"},
		{"the head of research", "研究主管"}, {"a senior fellow", "资深研究员"}, {"a deputy director", "副主任"},
		{"the chief economist", "首席经济学家"}, {"a lecturer", "讲师"}, {"a board member", "董事会成员"},
	}
	experts = []pair{
		{"the Institute for Urban Studies", "城市研究所"}, {"Eastlake University", "东湖大学"},
		{"the Centre for Trade Policy", "贸易政策研究中心"}, {"the Harwell Institute", "哈维尔研究所"},
		{"Greyfield Research", "灰野研究公司"}, {"the Pacific Economic Forum", "太平洋经济论坛"},
		{"Northbridge Bank", "北桥银行"}, {"the Academy of Social Sciences", "社会科学院"},
		{"Westmoor College", "韦斯特摩尔学院"}, {"the Policy Lab at Southgate University", "南门大学政策实验室"},
		{"Amberly & Stone Consulting", "安伯利与斯通咨询公司"}, {"the Riverbend Foundation", "河湾基金会"},
	}
	days = []pair{
		{"on Sunday", "周日"}, {"on Monday", "周一"}, {"on Tuesday", "周二"}, {"on Wednesday", "周三"},
		{"on Thursday", "周四"}, {"on Friday", "周五"}, {"on Saturday", "周六"},
	}
	months = []pair{
		{"January", "1月"}, {"February", "2月"}, {"March", "3月"}, {"April", "4月"},
		{"May", "5月"}, {"June", "6月"}, {"July", "7月"}, {"August", "8月"},
		{"September", "9月"}, {"October", "10月"}, {"November", "11月"}, {"December", "12月"},
	}
	smallNumbers = []pair{
		{"two", "两"}, {"three", "三"}, {"four", "四"}, {"five", "五"},
		{"six", "六"}, {"seven", "七"}, {"eight", "八"}, {"nine", "九"},
	}
)

// section holds what stories in one section draw on besides their topic.
type section struct {
	key    string
	weight int
	orgs   []pair
	quotes []pair // added to genericQuotes
}

var sections = []section{
	{
		key: "world", weight: 34,
		orgs: []pair{
			{"the city government", "市政府"}, {"the regional government", "地区政府"},
			{"the interior ministry", "内政部"}, {"the health ministry", "卫生部"},
			{"the transport authority", "交通管理部门"}, {"the city council", "市议会"},
			{"the national assembly", "国民议会"}, {"the emergency management agency", "应急管理机构"},
		},
		quotes: []pair{
			{"Families on the ground are still waiting for help", "基层的家庭仍在等待援助"},
			{"We have seen this happen before, and we did not learn", "类似的事情以前发生过，可我们没有吸取教训"},
			{"The people of {P} deserve better than this", "{P}的民众理应得到更好的对待"},
			{"Every week of delay makes the problem harder to fix", "每拖延一周，问题就更难解决"},
		},
	},
	{
		key: "business", weight: 28,
		orgs: []pair{
			{"the central bank", "央行"}, {"the commerce ministry", "商务部"},
			{"the finance ministry", "财政部"}, {"the statistics bureau", "统计局"},
			{"Northwind Logistics", "北风物流"}, {"Bluestone Capital", "蓝石资本"},
			{"Crescent Energy", "新月能源"}, {"Meridian Foods", "子午线食品"},
			{"Harbor & Pine Insurance", "港松保险"}, {"Kestrel Motors", "红隼汽车"},
			{"the chamber of commerce", "商会"},
		},
		quotes: []pair{
			{"Small businesses will feel this first", "小企业会最先感受到影响"},
			{"Investors are watching very closely", "投资者正在密切关注"},
			{"Markets like certainty, and this gives them some", "市场喜欢确定性，而这带来了一些确定性"},
			{"The money has to reach the companies that need it", "资金必须流向真正需要的企业"},
		},
	},
	{
		key: "technology", weight: 22,
		orgs: []pair{
			{"the science ministry", "科技部"}, {"the telecoms regulator", "电信监管机构"},
			{"the data protection authority", "数据保护机构"}, {"Helix Robotics", "赫利克斯机器人公司"},
			{"Lumen Analytics", "流明分析公司"}, {"Orchard Telecom", "果园电信"},
			{"Quanta Forge", "量锻科技"}, {"Brightpath Systems", "明途系统公司"},
		},
		quotes: []pair{
			{"The technology is moving faster than the rules", "技术发展的速度快过了规则制定的速度"},
			{"Users should not have to read fifty pages to protect their privacy", "用户不应该为了保护隐私而去读五十页的条款"},
			{"The hardware is ready; the software is not", "硬件已经准备好了，软件还没有"},
			{"We test everything twice before it goes live", "每样东西上线前我们都要测试两遍"},
		},
	},
	{
		key: "culture", weight: 16,
		orgs: []pair{
			{"the culture ministry", "文化部"}, {"the Riverside Museum", "河畔博物馆"},
			{"the Municipal Theatre", "市立剧院"}, {"the Lantern Film Festival", "灯笼电影节"},
			{"the City Symphony Orchestra", "城市交响乐团"}, {"the Old Town Library", "老城图书馆"},
			{"the Arts Council", "艺术委员会"},
		},
		quotes: []pair{
			{"Audiences are coming back, but slowly", "观众正在回归，但速度很慢"},
			{"Culture is not a luxury for good times", "文化不是只属于好年景的奢侈品"},
			{"Young people want to make things with their hands again", "年轻人又想亲手做东西了"},
			{"A city without stages is a poorer city", "没有舞台的城市是贫乏的城市"},
		},
	},
}

var genericQuotes = []pair{
	{"We cannot afford to wait another year", "我们不能再等一年了"},
	{"This is a step in the right direction, but it is not enough", "这是朝着正确方向迈出的一步，但还远远不够"},
	{"People want to see results, not more promises", "老百姓希望看到的是成效，而不是更多承诺"},
	{"The real test will be how the money is spent", "真正的考验在于这笔钱怎么花"},
	{"The question of {A} goes far beyond {P}", "{A}问题远不止关乎{P}"},
	{"Nobody expected the change to come this quickly", "没人想到变化会来得这么快"},
	{"We have been asking for this for more than a decade", "十多年来我们一直在呼吁这件事"},
	{"There is still a lot we do not know", "还有很多情况我们并不清楚"},
	{"If we get {T} right, everything else becomes easier", "只要把{T}的事情办好，其他问题就好解决了"},
	{"The numbers speak for themselves", "数字本身就说明了一切"},
	{"This will change how we plan for the next ten years", "这将改变我们对未来十年的规划"},
	{"We are listening to residents, and we will adjust the plan", "我们正在倾听居民的意见，并将调整计划"},
}

// topic is what a story is about; its weight is relative within its section.
type topic struct {
	sec     int
	weight  int
	head    string // English headline form, without article
	np      pair   // noun phrase in running text
	py      string // pinyin words for the Chinese slug
	goal    pair   // verb phrase: what officials want to do about it
	alts    []pair // related terms
	details []pair // sentences only this topic uses
}

// Weights set how often each topic (and so each search-test term) occurs:
// the rare ones are tuned so their terms land in roughly 0.5–3 % of stories.
var topics = []topic{
	// world
	{sec: 0, weight: 5, head: "flood defences", np: pair{"flood defences", "防洪设施"}, py: "fanghong-sheshi",
		goal: pair{"strengthen its flood defences", "加强防洪能力"},
		alts: []pair{{"river embankments", "河堤"}, {"emergency shelters", "应急避难所"}, {"early warning systems", "预警系统"}, {"storm drains", "排涝管网"}},
		details: []pair{
			{"Floods last summer damaged about {K} homes in and around {P}.", "去年夏天的洪水导致{P}及周边地区约{K}座房屋受损。"},
			{"Engineers say many embankments built decades ago no longer meet modern standards.", "工程师表示，许多几十年前修建的堤坝已不符合现行标准。"},
		}},
	{sec: 0, weight: 3, head: "water resources", np: pair{"water resources", "水资源"}, py: "shuiziyuan",
		goal: pair{"protect its scarce water resources", "保护稀缺的水资源"},
		alts: []pair{{"drinking water", "饮用水"}, {"water prices", "水价"}, {"wastewater treatment", "污水处理"}, {"reservoirs", "水库"}},
		details: []pair{
			{"Reservoirs around {P} are at {H} of capacity, the lowest level in a decade.", "{P}周边水库的蓄水量仅为库容的{H}，为十年来最低水位。"},
			{"Farms use nearly {H} of the region's water, much of it lost through leaking canals.", "农业用水占该地区用水总量的近{H}，其中大量因渠道渗漏而流失。"},
		}},
	{sec: 0, weight: 9, head: "refugee aid", np: pair{"aid for refugees", "难民援助"}, py: "nanmin-yuanzhu",
		goal: pair{"expand aid for displaced families", "扩大对流离失所家庭的援助"},
		alts: []pair{{"temporary housing", "临时住房"}, {"food parcels", "食品包"}, {"border camps", "边境营地"}, {"asylum applications", "庇护申请"}},
		details: []pair{
			{"Aid agencies say about {K} people crossed into the region in the past year.", "援助机构称，过去一年约有{K}人进入该地区。"},
			{"Many families are living in schools and sports halls while they wait for news.", "许多家庭暂住在学校和体育馆里，等待进一步消息。"},
		}},
	{sec: 0, weight: 10, head: "election rules", np: pair{"the coming elections", "即将举行的选举"}, py: "xuanju",
		goal: pair{"tighten the rules on election spending", "收紧竞选开支规定"},
		alts: []pair{{"voter turnout", "投票率"}, {"campaign spending", "竞选开支"}, {"opinion polls", "民意调查"}, {"postal ballots", "邮寄选票"}},
		details: []pair{
			{"Turnout at the last vote fell to {H}, the lowest since records began.", "上次投票的投票率降至{H}，创有记录以来最低。"},
			{"Candidates have until {C} to register with the electoral commission.", "候选人须在{C}前向选举委员会完成登记。"},
		}},
	{sec: 0, weight: 9, head: "trade talks", np: pair{"the trade talks", "贸易谈判"}, py: "maoyi-tanpan",
		goal: pair{"revive the stalled trade talks", "重启陷入僵局的贸易谈判"},
		alts: []pair{{"tariffs", "关税"}, {"export quotas", "出口配额"}, {"customs checks", "海关检查"}, {"market access", "市场准入"}},
		details: []pair{
			{"Negotiators met {I} times last year without reaching a deal.", "谈判代表去年会晤了{I}次，但未能达成协议。"},
			{"Trade between the two sides was worth {$} last year.", "去年双方贸易额达到{$}。"},
		}},
	{sec: 0, weight: 7, head: "heatwave", np: pair{"the heatwave", "高温热浪"}, py: "gaowen-relang",
		goal: pair{"protect residents from extreme heat", "保护居民免受极端高温影响"},
		alts: []pair{{"cooling centres", "避暑中心"}, {"power cuts", "停电"}, {"hospital admissions", "住院人数"}, {"outdoor work", "户外作业"}},
		details: []pair{
			{"Temperatures in {P} passed 40C on {I} days last summer.", "去年夏天，{P}有{I}天气温超过40摄氏度。"},
			{"Doctors say older people living alone are most at risk.", "医生表示，独居老人面临的风险最大。"},
		}},
	{sec: 0, weight: 9, head: "public transport", np: pair{"public transport", "公共交通"}, py: "gonggong-jiaotong",
		goal: pair{"improve public transport", "改善公共交通"},
		alts: []pair{{"bus routes", "公交线路"}, {"metro lines", "地铁线路"}, {"ticket prices", "票价"}, {"commuters", "通勤者"}},
		details: []pair{
			{"About {K} people use the city's buses and trains every day.", "该市每天约有{K}人次乘坐公交和地铁。"},
			{"A new line linking the airport to the city centre is due to open in {Y}.", "一条连接机场与市中心的新线路预计将于{Y}开通。"},
		}},
	{sec: 0, weight: 8, head: "air pollution", np: pair{"air pollution", "空气污染"}, py: "kongqi-wuran",
		goal: pair{"cut air pollution", "减少空气污染"},
		alts: []pair{{"coal boilers", "燃煤锅炉"}, {"diesel lorries", "柴油货车"}, {"smog alerts", "雾霾预警"}, {"emission limits", "排放限值"}},
		details: []pair{
			{"Readings of fine particles exceeded safe limits on {I} days in {C}.", "{C}，细颗粒物浓度有{I}天超过安全限值。"},
			{"Doctors have linked the smog to a rise in asthma cases among children.", "医生认为，雾霾与儿童哮喘病例增加有关。"},
		}},
	{sec: 0, weight: 8, head: "public health", np: pair{"public health", "公共卫生"}, py: "gonggong-weisheng",
		goal: pair{"ease the pressure on hospitals", "缓解医院压力"},
		alts: []pair{{"vaccination rates", "疫苗接种率"}, {"waiting lists", "候诊名单"}, {"rural clinics", "乡村诊所"}, {"nursing staff", "护理人员"}},
		details: []pair{
			{"Hospitals in {P} treated {K} patients last month, up {%} on a year earlier.", "上月{P}各医院共接诊{K}名患者，同比增长{%}。"},
			{"Rural clinics have struggled to hire nurses for years.", "多年来，乡村诊所一直难以招到护士。"},
		}},
	{sec: 0, weight: 7, head: "ageing population", np: pair{"the ageing population", "人口老龄化"}, py: "renkou-laolinghua",
		goal: pair{"care for a fast-ageing population", "应对快速老龄化的人口结构"},
		alts: []pair{{"pension funds", "养老金"}, {"elderly care", "养老服务"}, {"birth rates", "出生率"}, {"the retirement age", "退休年龄"}},
		details: []pair{
			{"By {Y}, one in four residents will be over 65, according to official projections.", "据官方预测，到{Y}，每四名居民中就有一人超过65岁。"},
			{"Care homes report long waiting lists and a shortage of trained staff.", "养老院反映，等候入住的名单很长，且缺乏专业护理人员。"},
		}},
	{sec: 0, weight: 6, head: "wildfires", np: pair{"wildfires", "山火"}, py: "shanhuo",
		goal: pair{"prepare for the wildfire season", "为山火季做好准备"},
		alts: []pair{{"firefighters", "消防员"}, {"evacuation orders", "疏散令"}, {"dry forests", "干燥的森林"}, {"burned land", "过火面积"}},
		details: []pair{
			{"Fires burned about {K} hectares of forest last season.", "上一季山火烧毁了约{K}公顷森林。"},
			{"Firefighters say hotter, drier summers have made the job more dangerous.", "消防员表示，夏季越来越炎热干燥，灭火工作也更加危险。"},
		}},
	{sec: 0, weight: 8, head: "school reform", np: pair{"school reform", "教育改革"}, py: "jiaoyu-gaige",
		goal: pair{"reform the school system", "改革学校体系"},
		alts: []pair{{"class sizes", "班级规模"}, {"teacher pay", "教师薪酬"}, {"exam results", "考试成绩"}, {"school meals", "学校午餐"}},
		details: []pair{
			{"About {K} pupils are affected by the changes.", "约{K}名学生将受到这些变化的影响。"},
			{"Teachers' unions have threatened to strike if workloads rise.", "教师工会威胁称，如果工作量增加，将举行罢工。"},
		}},
	{sec: 0, weight: 7, head: "road safety", np: pair{"road safety", "道路安全"}, py: "daolu-anquan",
		goal: pair{"make its roads safer", "改善道路安全"},
		alts: []pair{{"speed cameras", "测速摄像头"}, {"cycle lanes", "自行车道"}, {"traffic deaths", "交通死亡人数"}, {"drink-driving", "酒驾"}},
		details: []pair{
			{"Road deaths in {P} rose by {%} last year.", "去年{P}道路交通死亡人数上升了{%}。"},
			{"The city plans to lower speed limits near schools and hospitals.", "该市计划降低学校和医院附近的限速。"},
		}},
	{sec: 0, weight: 7, head: "labour migration", np: pair{"labour migration", "劳务移民"}, py: "laowu-yimin",
		goal: pair{"manage labour migration", "管理劳务移民"},
		alts: []pair{{"work visas", "工作签证"}, {"seasonal workers", "季节性工人"}, {"remittances", "侨汇"}, {"border controls", "边境管控"}},
		details: []pair{
			{"Remittances sent home by workers abroad reached {$} last year.", "去年海外务工人员汇回国内的款项达到{$}。"},
			{"Employers in farming and construction say they cannot fill vacancies.", "农业和建筑业雇主表示，他们无法填补职位空缺。"},
		}},
	{sec: 0, weight: 4, head: "earthquake relief", np: pair{"earthquake relief", "地震救援"}, py: "dizhen-jiuyuan",
		goal: pair{"speed up earthquake relief", "加快地震救援"},
		alts: []pair{{"rescue teams", "救援队"}, {"damaged buildings", "受损建筑"}, {"aftershocks", "余震"}, {"temporary shelters", "临时安置点"}},
		details: []pair{
			{"The quake damaged more than {K} buildings, officials said.", "官员表示，地震造成超过{K}栋建筑受损。"},
			{"Rescue teams worked through the night despite strong aftershocks.", "尽管余震强烈，救援队仍彻夜展开搜救。"},
		}},

	// business
	{sec: 1, weight: 10, head: "housing market", np: pair{"the housing market", "房地产市场"}, py: "fangdichan-shichang",
		goal: pair{"stabilise the housing market", "稳定房地产市场"},
		alts: []pair{{"home prices", "房价"}, {"mortgage rates", "房贷利率"}, {"property developers", "房地产开发商"}, {"unsold flats", "待售住房"}},
		details: []pair{
			{"Home prices in {P} have fallen by {%} from their peak.", "{P}房价已较峰值下跌{%}。"},
			{"Developers are sitting on thousands of unsold flats.", "开发商手中积压着数以千计的待售住房。"},
		}},
	{sec: 1, weight: 9, head: "inflation", np: pair{"inflation", "通货膨胀"}, py: "tongzhang",
		goal: pair{"bring inflation under control", "控制通胀"},
		alts: []pair{{"food prices", "食品价格"}, {"energy bills", "能源账单"}, {"interest rates", "利率"}, {"wage growth", "工资增长"}},
		details: []pair{
			{"Consumer prices rose by {%} in {C} from a year earlier.", "{C}居民消费价格同比上涨{%}。"},
			{"Food and fuel account for most of the increase.", "食品和燃料价格上涨是主要推动因素。"},
		}},
	{sec: 1, weight: 9, head: "exports", np: pair{"exports", "出口"}, py: "chukou",
		goal: pair{"support struggling exporters", "支持陷入困境的出口企业"},
		alts: []pair{{"shipping costs", "航运成本"}, {"foreign demand", "海外需求"}, {"the exchange rate", "汇率"}, {"new markets", "新市场"}},
		details: []pair{
			{"Exports from {P} fell by {%} in {C}, the third monthly decline in a row.", "{C}{P}出口下降{%}，已连续第三个月下滑。"},
			{"Freight rates on major routes have doubled since the spring.", "自今年春季以来，主要航线的运费已经翻倍。"},
		}},
	{sec: 1, weight: 4, head: "new quality productive forces", np: pair{"new quality productive forces", "新质生产力"}, py: "xinzhi-shengchanli",
		goal: pair{"develop new quality productive forces", "发展新质生产力"},
		alts: []pair{{"advanced manufacturing", "先进制造业"}, {"industrial upgrading", "产业升级"}, {"digital factories", "数字化工厂"}, {"research spending", "研发投入"}},
		details: []pair{
			{"The phrase \"new quality productive forces\" has become a fixture of official speeches.", "“新质生产力”一词已成为官方讲话中的高频词汇。"},
			{"Local governments are competing to attract factories that fit the label.", "各地政府竞相吸引符合这一定位的工厂落户。"},
		}},
	{sec: 1, weight: 3, head: "talent recruitment", np: pair{"talent recruitment", "人才引进"}, py: "rencai-yinjin",
		goal: pair{"attract skilled talent", "吸引高技能人才"},
		alts: []pair{{"overseas talents", "海外人才"}, {"young talent", "青年人才"}, {"housing subsidies for graduates", "高校毕业生住房补贴"}, {"research grants", "科研经费"}},
		details: []pair{
			{"The scheme offers housing subsidies and research grants to graduates who settle in {P}.", "该计划向在{P}落户的高校毕业生提供住房补贴和科研经费。"},
			{"Some {K} young people have moved to the city under the talent programme since {y}.", "自{y}以来，已有约{K}名年轻人通过人才计划迁入该市。"},
		}},
	{sec: 1, weight: 8, head: "stock market", np: pair{"the stock market", "股市"}, py: "gushi",
		goal: pair{"restore confidence in the stock market", "提振股市信心"},
		alts: []pair{{"share prices", "股价"}, {"retail investors", "散户投资者"}, {"listed companies", "上市公司"}, {"trading volumes", "成交量"}},
		details: []pair{
			{"The main index has lost {%} since the start of the year.", "今年以来，主要股指已下跌{%}。"},
			{"Retail investors account for most of the trading on local exchanges.", "散户投资者在本地交易所的成交中占据大部分份额。"},
		}},
	{sec: 1, weight: 8, head: "small businesses", np: pair{"small businesses", "小微企业"}, py: "xiaowei-qiye",
		goal: pair{"help small businesses borrow", "帮助小微企业融资"},
		alts: []pair{{"bank loans", "银行贷款"}, {"tax relief", "税收减免"}, {"late payments", "拖欠账款"}, {"shop rents", "店铺租金"}},
		details: []pair{
			{"Small firms employ about {H} of the workforce in {P}.", "{P}约{H}的劳动力受雇于小微企业。"},
			{"Many owners say banks still ask for property as collateral.", "许多企业主表示，银行仍要求以房产作为抵押。"},
		}},
	{sec: 1, weight: 8, head: "consumer spending", np: pair{"consumer spending", "居民消费"}, py: "jumin-xiaofei",
		goal: pair{"boost consumer spending", "提振居民消费"},
		alts: []pair{{"retail sales", "零售额"}, {"holiday travel", "假日出行"}, {"car sales", "汽车销量"}, {"online shopping", "网购"}},
		details: []pair{
			{"Retail sales grew by {%} in {C}, slower than economists had expected.", "{C}社会消费品零售总额增长{%}，增速低于经济学家预期。"},
			{"Shoppers are spending more on travel and less on big-ticket items.", "消费者在旅游上的花费增加，而在大件商品上的支出减少。"},
		}},
	{sec: 1, weight: 7, head: "youth unemployment", np: pair{"youth unemployment", "青年失业"}, py: "qingnian-shiye",
		goal: pair{"create jobs for young people", "为年轻人创造就业岗位"},
		alts: []pair{{"graduate jobs", "应届毕业生岗位"}, {"internships", "实习机会"}, {"the labour market", "劳动力市场"}, {"job fairs", "招聘会"}},
		details: []pair{
			{"The jobless rate for people aged 16 to 24 stands at {%}.", "16至24岁人口的失业率为{%}。"},
			{"A record number of graduates will enter the job market this summer.", "今年夏天将有创纪录数量的毕业生进入就业市场。"},
		}},
	{sec: 1, weight: 8, head: "electric vehicles", np: pair{"electric vehicles", "电动汽车"}, py: "diandong-qiche",
		goal: pair{"expand electric vehicle production", "扩大电动汽车产能"},
		alts: []pair{{"battery prices", "电池价格"}, {"charging stations", "充电站"}, {"car exports", "汽车出口"}, {"price wars", "价格战"}},
		details: []pair{
			{"Electric cars made up {H} of new car sales in {C}.", "{C}电动汽车占新车销量的{H}。"},
			{"A price war among carmakers has squeezed profits across the industry.", "车企之间的价格战压缩了整个行业的利润。"},
		}},
	{sec: 1, weight: 6, head: "container shipping", np: pair{"container shipping", "集装箱航运"}, py: "jizhuangxiang-hangyun",
		goal: pair{"ease congestion at its ports", "缓解港口拥堵"},
		alts: []pair{{"freight rates", "运费"}, {"port capacity", "港口吞吐能力"}, {"supply chains", "供应链"}, {"shipping routes", "航线"}},
		details: []pair{
			{"Ships waited an average of {I} days to unload at the port last month.", "上月船舶在该港口平均需等待{I}天卸货。"},
			{"The port handled {K} containers in {C}, a record.", "{C}该港口的集装箱吞吐量达到{K}标准箱，创历史新高。"},
		}},
	{sec: 1, weight: 7, head: "energy prices", np: pair{"energy prices", "能源价格"}, py: "nengyuan-jiage",
		goal: pair{"keep energy prices in check", "稳定能源价格"},
		alts: []pair{{"gas supplies", "天然气供应"}, {"solar farms", "光伏电站"}, {"the power grid", "电网"}, {"coal imports", "煤炭进口"}},
		details: []pair{
			{"Household energy bills have risen by {%} in two years.", "两年来，家庭能源账单上涨了{%}。"},
			{"New solar farms are due to come online by {Y}.", "新的光伏电站预计将于{Y}前并网发电。"},
		}},
	{sec: 1, weight: 6, head: "tourism", np: pair{"tourism", "旅游业"}, py: "lvyouye",
		goal: pair{"win back foreign tourists", "吸引外国游客回流"},
		alts: []pair{{"hotel bookings", "酒店预订"}, {"visa rules", "签证规定"}, {"flight routes", "航班线路"}, {"tour operators", "旅行社"}},
		details: []pair{
			{"Foreign visitor numbers are still {%} below their level before the pandemic.", "外国游客人数仍比疫情前低{%}。"},
			{"Hotels in {P} report strong bookings for the holiday season.", "{P}的酒店反映，假期预订情况良好。"},
		}},
	{sec: 1, weight: 5, head: "grain harvest", np: pair{"the grain harvest", "粮食收成"}, py: "liangshi-shoucheng",
		goal: pair{"protect farm incomes", "保障农民收入"},
		alts: []pair{{"fertiliser costs", "化肥成本"}, {"crop insurance", "农作物保险"}, {"grain reserves", "粮食储备"}, {"farm machinery", "农业机械"}},
		details: []pair{
			{"The harvest is forecast to reach {K} tonnes this year.", "今年粮食产量预计将达到{K}吨。"},
			{"Farmers say the cost of seed and fertiliser keeps rising.", "农民表示，种子和化肥成本不断上涨。"},
		}},
	{sec: 1, weight: 6, head: "local government debt", np: pair{"local government debt", "地方政府债务"}, py: "difang-zhaiwu",
		goal: pair{"reduce the burden of local debt", "减轻地方债务负担"},
		alts: []pair{{"bond sales", "债券发行"}, {"infrastructure projects", "基础设施项目"}, {"land sales", "土地出让"}, {"budget deficits", "财政赤字"}},
		details: []pair{
			{"Outstanding local government bonds total {$}.", "地方政府债券余额达到{$}。"},
			{"Land sales, once a reliable source of revenue, have slumped.", "土地出让曾是可靠的收入来源，如今却大幅下滑。"},
		}},
	{sec: 1, weight: 7, head: "monetary policy", np: pair{"monetary policy", "货币政策"}, py: "huobi-zhengce",
		goal: pair{"ease monetary policy", "放松货币政策"},
		alts: []pair{{"interest rates", "利率"}, {"bank lending", "银行信贷"}, {"bond yields", "债券收益率"}, {"policy makers", "决策者"}},
		details: []pair{
			{"The central bank cut its benchmark rate by 0.25 percentage points in {C}.", "央行于{C}将基准利率下调0.25个百分点。"},
			{"Bank lending grew by {%} last year, the slowest pace on record.", "去年银行信贷增长{%}，为有记录以来最慢增速。"},
		}},

	// technology
	{sec: 2, weight: 5, head: "AI chips", np: pair{"AI chips", "AI芯片"}, py: "ai-xinpian",
		goal: pair{"build its own AI chips", "自主研发AI芯片"},
		alts: []pair{{"chip exports", "芯片出口"}, {"computing power", "算力"}, {"semiconductor supply chains", "半导体供应链"}, {"data centres", "数据中心"}},
		details: []pair{
			{"Demand for AI chips has outstripped supply for more than a year.", "一年多来，AI芯片一直供不应求。"},
			{"Export controls have made the most advanced chips hard to buy.", "出口管制使最先进的芯片难以购得。"},
		}},
	{sec: 2, weight: 4, head: "semiconductor industry", np: pair{"the semiconductor industry", "半导体产业"}, py: "bandaoti-chanye",
		goal: pair{"expand domestic chip production", "扩大国内芯片产能"},
		alts: []pair{{"chip factories", "芯片工厂"}, {"chip design", "芯片设计"}, {"lithography machines", "光刻机"}, {"export controls", "出口管制"}},
		details: []pair{
			{"A new chip plant near {P} is expected to employ about {K} people.", "{P}附近一座新建芯片工厂预计将雇用约{K}人。"},
			{"Building a modern semiconductor factory can cost more than {$}.", "建设一座现代化半导体工厂的成本可能超过{$}。"},
		}},
	{sec: 2, weight: 9, head: "5G networks", np: pair{"5G networks", "5G网络"}, py: "5g-wangluo",
		goal: pair{"extend 5G coverage to rural areas", "将5G覆盖延伸至农村地区"},
		alts: []pair{{"base stations", "基站"}, {"mobile data", "移动数据"}, {"network operators", "网络运营商"}, {"broadband prices", "宽带资费"}},
		details: []pair{
			{"Operators have built about {K} base stations in {P} since {y}.", "自{y}以来，运营商已在{P}建设约{K}个5G基站。"},
			{"Coverage in mountain villages remains patchy.", "山区村庄的信号覆盖仍不稳定。"},
		}},
	{sec: 2, weight: 10, head: "generative AI", np: pair{"large language models", "大语言模型"}, py: "da-yuyan-moxing",
		goal: pair{"regulate generative AI", "规范生成式AI"},
		alts: []pair{{"training data", "训练数据"}, {"AI assistants", "AI助手"}, {"copyright claims", "版权诉求"}, {"open-source models", "开源模型"}},
		details: []pair{
			{"More than {K} companies have registered AI models with regulators.", "已有超过{K}家公司向监管部门备案AI模型。"},
			{"Publishers say their articles were used to train models without permission.", "出版商表示，他们的文章未经许可就被用于训练模型。"},
		}},
	{sec: 2, weight: 9, head: "industrial robots", np: pair{"industrial robots", "工业机器人"}, py: "gongye-jiqiren",
		goal: pair{"automate more of its factories", "推动更多工厂实现自动化"},
		alts: []pair{{"assembly lines", "装配线"}, {"humanoid robots", "人形机器人"}, {"factory workers", "工厂工人"}, {"sensors", "传感器"}},
		details: []pair{
			{"Factories in {P} installed {K} industrial robots last year.", "去年{P}的工厂新装了{K}台工业机器人。"},
			{"Unions worry about what automation means for older workers.", "工会担心自动化会对年长工人造成影响。"},
		}},
	{sec: 2, weight: 9, head: "data privacy", np: pair{"data privacy", "数据隐私"}, py: "shuju-yinsi",
		goal: pair{"tighten the rules on personal data", "收紧个人数据管理规定"},
		alts: []pair{{"facial recognition", "人脸识别"}, {"data breaches", "数据泄露"}, {"app permissions", "应用权限"}, {"cross-border data flows", "跨境数据流动"}},
		details: []pair{
			{"Regulators received {K} complaints about data misuse last year.", "去年监管机构收到{K}起有关数据滥用的投诉。"},
			{"Several popular apps were found to collect location data without consent.", "多款热门应用被发现未经同意收集位置数据。"},
		}},
	{sec: 2, weight: 7, head: "commercial spaceflight", np: pair{"commercial spaceflight", "商业航天"}, py: "shangye-hangtian",
		goal: pair{"launch more satellites", "发射更多卫星"},
		alts: []pair{{"reusable rockets", "可回收火箭"}, {"launch sites", "发射场"}, {"satellite internet", "卫星互联网"}, {"space debris", "太空碎片"}},
		details: []pair{
			{"The company plans {I} launches from a coastal site next year.", "该公司计划明年从一处沿海发射场进行{I}次发射。"},
			{"Reusable rockets have cut the cost of reaching orbit sharply.", "可回收火箭大幅降低了进入轨道的成本。"},
		}},
	{sec: 2, weight: 8, head: "online platforms", np: pair{"online platforms", "网络平台"}, py: "wangluo-pingtai",
		goal: pair{"rein in the big platforms", "规范大型平台"},
		alts: []pair{{"delivery riders", "外卖骑手"}, {"algorithms", "算法"}, {"platform fees", "平台佣金"}, {"live-streaming sales", "直播带货"}},
		details: []pair{
			{"About {K} delivery riders work for the largest apps in {P}.", "{P}约有{K}名外卖骑手为几大平台工作。"},
			{"Merchants complain that platform fees have risen every year.", "商家抱怨平台佣金逐年上涨。"},
		}},
	{sec: 2, weight: 5, head: "quantum computing", np: pair{"quantum computing", "量子计算"}, py: "liangzi-jisuan",
		goal: pair{"take the lead in quantum computing", "在量子计算领域取得领先"},
		alts: []pair{{"qubits", "量子比特"}, {"research labs", "研究实验室"}, {"encryption", "加密技术"}, {"venture funding", "风险投资"}},
		details: []pair{
			{"The lab's latest machine runs on more than a hundred qubits.", "该实验室最新的机器拥有一百多个量子比特。"},
			{"Practical uses are likely to be years away, researchers caution.", "研究人员提醒，距离实际应用可能还需要数年时间。"},
		}},
	{sec: 2, weight: 8, head: "cyber security", np: pair{"cyber security", "网络安全"}, py: "wangluo-anquan",
		goal: pair{"defend against cyber attacks", "防范网络攻击"},
		alts: []pair{{"ransomware", "勒索软件"}, {"hospital systems", "医院系统"}, {"software patches", "软件补丁"}, {"hackers", "黑客"}},
		details: []pair{
			{"A ransomware attack in {C} disrupted services at {I} hospitals.", "{C}的一次勒索软件攻击导致{I}家医院的服务中断。"},
			{"Officials say many systems still run on outdated software.", "官员表示，许多系统仍在使用过时的软件。"},
		}},
	{sec: 2, weight: 7, head: "battery technology", np: pair{"battery technology", "电池技术"}, py: "dianchi-jishu",
		goal: pair{"develop safer batteries", "研发更安全的电池"},
		alts: []pair{{"solid-state batteries", "固态电池"}, {"lithium supplies", "锂供应"}, {"battery recycling", "电池回收"}, {"energy storage", "储能"}},
		details: []pair{
			{"Battery prices have fallen by {%} in the past year.", "过去一年，电池价格下降了{%}。"},
			{"Researchers in {P} say solid-state cells could reach the market by {Y}.", "{P}的研究人员表示，固态电池有望在{Y}前推向市场。"},
		}},
	{sec: 2, weight: 7, head: "driverless cars", np: pair{"driverless cars", "无人驾驶汽车"}, py: "wuren-jiashi",
		goal: pair{"put driverless taxis on the road", "让无人驾驶出租车上路"},
		alts: []pair{{"road tests", "道路测试"}, {"safety drivers", "安全员"}, {"lidar sensors", "激光雷达"}, {"ride-hailing", "网约车"}},
		details: []pair{
			{"Robotaxis in {P} have completed about {K} trips since {y}.", "自{y}以来，{P}的无人驾驶出租车已完成约{K}次出行。"},
			{"Taxi drivers have protested against the expansion.", "出租车司机对扩大运营范围表示抗议。"},
		}},
	{sec: 2, weight: 3, head: "engineering talent", np: pair{"engineering talent", "工程技术人才"}, py: "gongcheng-rencai",
		goal: pair{"train more engineering talent", "培养更多工程技术人才"},
		alts: []pair{{"coding schools", "编程学校"}, {"young talents", "青年英才"}, {"university graduates", "高校毕业生"}, {"research posts", "科研岗位"}},
		details: []pair{
			{"Companies say they cannot hire engineers fast enough.", "企业表示，工程师的招聘速度跟不上需求。"},
			{"Universities in {P} plan to add {K} places in computing and engineering.", "{P}的高校计划在计算机和工程专业增加{K}个招生名额。"},
		}},
	{sec: 2, weight: 7, head: "digital payments", np: pair{"digital payments", "数字支付"}, py: "shuzi-zhifu",
		goal: pair{"expand digital payments", "推广数字支付"},
		alts: []pair{{"mobile wallets", "移动钱包"}, {"the digital currency", "数字货币"}, {"cash", "现金"}, {"transaction fees", "交易手续费"}},
		details: []pair{
			{"Mobile payments now account for {H} of transactions in shops.", "目前移动支付已占商店交易的{H}。"},
			{"Older people say they still prefer to pay with cash.", "老年人表示，他们仍然更喜欢用现金支付。"},
		}},

	// culture
	{sec: 3, weight: 9, head: "new museum", np: pair{"the new museum", "新博物馆"}, py: "xin-bowuguan",
		goal: pair{"open a new city museum", "建设一座新的城市博物馆"},
		alts: []pair{{"ancient bronzes", "古代青铜器"}, {"visitor numbers", "参观人数"}, {"ticket bookings", "门票预订"}, {"curators", "策展人"}},
		details: []pair{
			{"The museum expects about {K} visitors in its first year.", "该博物馆预计开馆首年将接待约{K}名观众。"},
			{"Its collection includes bronzes, ceramics and scrolls dating back two thousand years.", "馆藏包括可追溯至两千年前的青铜器、陶瓷和书画卷轴。"},
		}},
	{sec: 3, weight: 9, head: "film festival", np: pair{"the film festival", "电影节"}, py: "dianyingjie",
		goal: pair{"revive its film festival", "重振电影节"},
		alts: []pair{{"independent films", "独立电影"}, {"box office takings", "票房收入"}, {"young directors", "青年导演"}, {"streaming services", "流媒体平台"}},
		details: []pair{
			{"This year's programme includes {I} films by first-time directors.", "今年的展映单元包括{I}部新人导演的作品。"},
			{"Box office takings rose by {%} last year.", "去年票房收入增长了{%}。"},
		}},
	{sec: 3, weight: 9, head: "historic buildings", np: pair{"historic buildings", "历史建筑"}, py: "lishi-jianzhu",
		goal: pair{"protect its historic buildings", "保护历史建筑"},
		alts: []pair{{"old neighbourhoods", "老街区"}, {"restoration work", "修缮工程"}, {"city walls", "城墙"}, {"tourist crowds", "游客人潮"}},
		details: []pair{
			{"About {K} old houses in {P} are listed for protection.", "{P}约有{K}座老房子被列入保护名录。"},
			{"Restoration work on the old city walls began in {y}.", "老城墙的修缮工程于{y}启动。"},
		}},
	{sec: 3, weight: 8, head: "book trade", np: pair{"the book trade", "图书出版业"}, py: "tushu-chuban",
		goal: pair{"support independent bookshops", "扶持独立书店"},
		alts: []pair{{"e-books", "电子书"}, {"translated fiction", "翻译小说"}, {"reading habits", "阅读习惯"}, {"literary prizes", "文学奖"}},
		details: []pair{
			{"Sales of translated fiction rose by {%} last year.", "去年翻译小说的销量增长了{%}。"},
			{"{P} has lost {I} independent bookshops since {y}.", "自{y}以来，{P}已有{I}家独立书店关门。"},
		}},
	{sec: 3, weight: 8, head: "live music", np: pair{"live music", "现场音乐"}, py: "xianchang-yinyue",
		goal: pair{"bring live music back to the city", "让现场音乐重回城市"},
		alts: []pair{{"concert tickets", "演唱会门票"}, {"small venues", "小型演出场所"}, {"folk songs", "民歌"}, {"music festivals", "音乐节"}},
		details: []pair{
			{"The city's small venues hosted about {K} concerts last year.", "去年该市小型演出场所共举办约{K}场演出。"},
			{"Musicians say rising rents have pushed many venues out of the centre.", "音乐人表示，租金上涨迫使许多场所迁出市中心。"},
		}},
	{sec: 3, weight: 7, head: "theatre", np: pair{"theatre", "戏剧"}, py: "xiju",
		goal: pair{"keep its theatres open", "维持剧院运营"},
		alts: []pair{{"opera troupes", "戏曲剧团"}, {"rehearsal space", "排练场地"}, {"audiences", "观众"}, {"public subsidies", "公共补贴"}},
		details: []pair{
			{"Audience numbers are still {%} below their pre-pandemic level.", "观众人数仍比疫情前低{%}。"},
			{"The troupe has staged the same classic opera every spring for fifty years.", "五十年来，该剧团每年春天都会上演这部经典剧目。"},
		}},
	{sec: 3, weight: 8, head: "local cuisine", np: pair{"local cuisine", "地方美食"}, py: "difang-meishi",
		goal: pair{"promote its local cuisine", "推广地方美食"},
		alts: []pair{{"street food", "街头小吃"}, {"night markets", "夜市"}, {"family restaurants", "家庭餐馆"}, {"food safety checks", "食品安全检查"}},
		details: []pair{
			{"The night market draws about {K} visitors on a busy weekend.", "在客流高峰的周末，夜市可吸引约{K}名游客。"},
			{"Many stalls have been run by the same families for generations.", "许多摊位由同一个家族世代经营。"},
		}},
	{sec: 3, weight: 7, head: "city marathon", np: pair{"the city marathon", "城市马拉松"}, py: "chengshi-malasong",
		goal: pair{"host a bigger marathon", "举办规模更大的马拉松赛"},
		alts: []pair{{"runners", "跑者"}, {"road closures", "道路封闭"}, {"volunteers", "志愿者"}, {"prize money", "奖金"}},
		details: []pair{
			{"About {K} runners are expected to take part this year.", "今年预计约有{K}名跑者参赛。"},
			{"Several roads in {P} will be closed for most of the day.", "{P}多条道路将在当天大部分时间封闭。"},
		}},
	{sec: 3, weight: 7, head: "video games", np: pair{"video games", "电子游戏"}, py: "dianzi-youxi",
		goal: pair{"grow its games industry", "发展游戏产业"},
		alts: []pair{{"game studios", "游戏工作室"}, {"age ratings", "年龄分级"}, {"esports", "电子竞技"}, {"players", "玩家"}},
		details: []pair{
			{"The games industry in {P} earned {$} last year.", "去年{P}游戏产业收入达{$}。"},
			{"Studios say a hit game can take {I} years to make.", "游戏工作室表示，一款爆款游戏的开发周期可能长达{I}年。"},
		}},
	{sec: 3, weight: 6, head: "arts education", np: pair{"arts education", "艺术教育"}, py: "yishu-jiaoyu",
		goal: pair{"put more art into schools", "让更多艺术走进校园"},
		alts: []pair{{"music lessons", "音乐课"}, {"art teachers", "美术教师"}, {"young artistic talent", "青年艺术人才"}, {"painting classes", "绘画课"}},
		details: []pair{
			{"Only {H} of primary schools in {P} have a full-time art teacher.", "{P}仅有{H}的小学配备专职美术教师。"},
			{"Parents spend heavily on after-school music and painting classes.", "家长在课后音乐和绘画课上投入不菲。"},
		}},
	{sec: 3, weight: 6, head: "traditional crafts", np: pair{"traditional crafts", "传统手工艺"}, py: "chuantong-shougongyi",
		goal: pair{"save its traditional crafts", "挽救传统手工艺"},
		alts: []pair{{"embroidery", "刺绣"}, {"paper cutting", "剪纸"}, {"master craftsmen", "手艺人"}, {"apprentices", "学徒"}},
		details: []pair{
			{"Only a few hundred craftsmen still practise the technique.", "目前仅有几百名手艺人仍在从事这门技艺。"},
			{"Apprentices earn little during the years they spend learning the trade.", "学徒在学艺期间收入微薄。"},
		}},
	{sec: 3, weight: 7, head: "public libraries", np: pair{"public libraries", "公共图书馆"}, py: "gonggong-tushuguan",
		goal: pair{"keep public libraries open longer", "延长公共图书馆开放时间"},
		alts: []pair{{"reading rooms", "阅览室"}, {"rare books", "珍本古籍"}, {"digital archives", "数字档案"}, {"opening hours", "开放时间"}},
		details: []pair{
			{"Public libraries in {P} lent {K} books last year.", "去年{P}公共图书馆共借出{K}册图书。"},
			{"Reading rooms are busiest in the evenings and at weekends.", "阅览室在晚上和周末最为繁忙。"},
		}},
}

// Sentence templates by role; every one fits any topic.
var (
	headlines = []struct {
		pair
		py string // pinyin words for the Chinese slug
	}{
		{pair{"{P} unveils plan to {G}", "{P}公布新计划：{G}"}, "gongbu-jihua"},
		{pair{"{B}: {P} faces hard choices", "{T}：{P}面临艰难抉择"}, "jiannan-jueze"},
		{pair{"Why {P} cannot ignore {T}", "{P}为何不能忽视{T}"}, "weihe-buneng-hushi"},
		{pair{"Officials in {P} move to {G}", "{P}官员着手{G}"}, "zhuoshou"},
		{pair{"{P} weighs new rules on {B}", "{P}酝酿{T}新规"}, "yunniang-xingui"},
		{pair{"Debate over {T} heats up in {P}", "{P}围绕{T}的争论升温"}, "zhenglun-shengwen"},
		{pair{"Report puts {B} in the spotlight in {P}", "{P}发布报告聚焦{T}"}, "baogao-jujiao"},
		{pair{"Experts urge {P} to {G}", "专家敦促{P}{G}"}, "zhuanjia-duncu"},
		{pair{"{P} sets aside {$} to {G}", "{P}斥资{$}{G}"}, "chizi"},
		{pair{"Can {P} {G}?", "{P}能否{G}？"}, "nengfou"},
		{pair{"{P} residents split over {B} plan", "{P}居民对{T}计划看法不一"}, "jumin-fenqi"},
		{pair{"What {P}'s new {B} rules mean", "解读{P}{T}新规"}, "jiedu-xingui"},
	}
	summaries = []pair{
		{"{P} wants to {G}, but critics say the plan leaves questions about {A} unanswered.", "{P}希望{G}，但批评者认为，该计划未能回答有关{A}的疑问。"},
		{"The {$} plan is the most ambitious attempt yet to {G}.", "这项规模达{$}的计划是迄今为止{G}最雄心勃勃的尝试。"},
		{"Officials say the measures will {G} by {Y}; not everyone is convinced.", "官员表示，相关措施将在{Y}前{G}，但并非所有人都对此信服。"},
		{"A new report puts {T} at the centre of the debate in {P}.", "一份新报告将{T}置于{P}讨论的中心。"},
		{"Residents and experts weigh in as {P} prepares to {G}.", "{P}准备{G}之际，居民和专家纷纷发表看法。"},
		{"From {A} to {a}, the choices facing {P} are getting harder.", "从{A}到{a}，{P}面临的抉择越来越艰难。"},
	}
	ledes = []pair{
		{"{O} in {P} said {D} that it would {G}, setting aside {$} for the effort over the next {I} years.", "{P}{O}{D}表示，将{G}，并在未来{I}年为此投入{$}。"},
		{"Officials in {P} have unveiled a plan to {G}, after months of debate over {T}.", "{P}官员公布了一项新计划，旨在{G}，此前围绕{T}的争论已持续数月。"},
		{"{P} will {G}, {O} announced {D}, in a move that could reshape {T} across the region.", "{O}{D}宣布，{P}将{G}，此举可能重塑整个地区的{T}格局。"},
		{"A new report from {Q} warns that {P} must {G} or risk falling behind its neighbours.", "{Q}发布的一份新报告警告称，{P}必须{G}，否则可能落后于周边地区。"},
		{"Pressure is growing on {O} to {G}, as concerns about {A} mount in {P}.", "随着{P}各界对{A}的担忧不断加剧，要求{O}{G}的呼声日益高涨。"},
		{"{O} has approved {$} in new spending to {G}, the biggest such package in {P} for a decade.", "{O}已批准新增{$}支出，用于{G}，这是{P}十年来规模最大的同类计划。"},
	}
	contexts = []pair{
		{"The debate over {T} has intensified since {C}, when figures showed {A} had fallen by {%}.", "自{C}数据显示{A}下降{%}以来，围绕{T}的讨论明显升温。"},
		{"For years, residents and businesses in {P} have complained about {A}.", "多年来，{P}的居民和企业一直对{A}颇有怨言。"},
		{"Similar measures were tried in {I} other cities, with mixed results.", "另有{I}座城市曾尝试过类似措施，效果不一。"},
		{"Critics say earlier efforts focused too much on {A} and too little on {a}.", "批评人士认为，以往的措施过于关注{A}，而对{a}重视不足。"},
		{"The region is home to about {K} people, many of whom depend on {T} in one way or another.", "该地区约有{K}人口，其中许多人的生活都在不同程度上与{T}息息相关。"},
		{"Local media have reported growing frustration over {A} in recent weeks.", "据当地媒体报道，最近几周民众对{A}的不满情绪持续上升。"},
		{"The plan builds on a pilot scheme launched in {y}, which covered {I} districts.", "该计划以{y}启动的试点项目为基础，试点覆盖{I}个区。"},
		{"Neighbouring {p} took a different approach, putting {A} first.", "邻近的{p}则采取了不同的做法，优先考虑{A}。"},
	}
	numbers = []pair{
		{"According to {Q}, spending on {A} rose by {%} last year, while spending on {a} fell by {^}.", "据{Q}统计，去年{A}方面的支出增长了{%}，而{a}方面的支出下降了{^}。"},
		{"Officials estimate that the measures will cost {$} and affect about {K} people.", "官员估计，相关措施将耗资{$}，涉及约{K}人。"},
		{"The target is to raise that figure by {%} by {Y}.", "目标是到{Y}将这一数字提高{%}。"},
		{"A survey of {K} residents found that {H} supported the plan, while many others remained unsure.", "一项针对{K}名居民的调查显示，{H}的受访者支持该计划，但仍有不少人持观望态度。"},
		{"Figures released {D} put the total cost of {A} at {$}.", "{D}公布的数据显示，{A}的总成本达到{$}。"},
		{"Some {K} jobs in {P} are linked to {T}, according to official estimates.", "据官方估计，{P}约有{K}个就业岗位与{T}相关。"},
		{"Figures from {Q} show that GDP in {P} grew by {%} last year.", "{Q}的数据显示，去年{P}的GDP增长了{%}。"},
	}
	quotes = []pair{
		{"\"{X},\" said {N}, {R} at {Q}.", "{Q}{R}{N}表示：“{X}。”"},
		{"\"{X},\" {N} told reporters {D}.", "{N}{D}对记者说：“{X}。”"},
		{"{M}, {S} at {O}, was more cautious: \"{X}.\"", "{O}{S}{M}则较为谨慎：“{X}。”"},
		{"\"{X},\" {M} said in a statement.", "{M}在一份声明中说：“{X}。”"},
	}
	reactions = []pair{
		{"Critics said the plan did little to address {A}.", "批评者认为，该计划对解决{A}问题作用有限。"},
		{"Business groups broadly welcomed the announcement, though some called for more detail on {A}.", "商业团体总体上对这一消息表示欢迎，但也有一些团体希望了解更多有关{A}的细节。"},
		{"Residents interviewed in {P} were divided.", "在{P}接受采访的居民看法不一。"},
		{"Community groups said they had not been consulted.", "社区团体表示，他们事先并未被征求意见。"},
		{"Economists at {Q} described the move as overdue.", "{Q}的经济学家认为此举早该出台。"},
		{"Some experts questioned whether the targets were realistic.", "一些专家怀疑这些目标是否切合实际。"},
		{"Opposition politicians accused officials of acting too late on {A}.", "反对派政界人士指责官员在{A}问题上行动迟缓。"},
	}
	outlooks = []pair{
		{"A final decision is expected by {C}.", "预计最终决定将在{C}前作出。"},
		{"{O} said it would publish a full report on {T} before the end of {Y}.", "{O}表示，将在{Y}底前发布关于{T}的完整报告。"},
		{"Lawmakers are due to debate the proposals next month.", "立法机构预计将于下月审议相关提案。"},
		{"The first phase is due to begin in {C}, with further stages to follow by {Y}.", "第一阶段计划于{C}启动，后续阶段将于{Y}前陆续展开。"},
		{"Whether the plan can {G} remains to be seen.", "该计划能否{G}，仍有待观察。"},
		{"Other cities, including {p}, are watching closely.", "包括{p}在内的其他城市正在密切关注。"},
	}
	fillers = []pair{
		{"Officials declined to give further details.", "官员拒绝透露更多细节。"},
		{"The proposals will be open for public comment for {I} weeks.", "相关提案将公开征求意见{I}周。"},
		{"The work is expected to take several years.", "这项工作预计需要数年时间。"},
	}
	headings = []pair{
		{"What happens next", "下一步"}, {"The cost", "代价几何"}, {"Mixed reactions", "反应不一"},
		{"A long road", "任重道远"}, {"Lessons from {p}", "{p}的经验"}, {"Why it matters", "为何重要"},
		{"The numbers", "数据背后"}, {"Voices from {P}", "来自{P}的声音"}, {"Winners and losers", "谁得谁失"},
		{"A changing picture", "形势生变"}, {"Looking ahead", "展望未来"}, {"Questions remain", "疑问犹存"},
		{"Behind the plan", "计划背后"}, {"The bigger picture", "大局视角"},
	}
)
